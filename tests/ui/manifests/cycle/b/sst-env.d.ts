/// <reference path="../sst-env.d.ts" />
