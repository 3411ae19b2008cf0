/// <reference path="b/sst-env.d.ts" />
