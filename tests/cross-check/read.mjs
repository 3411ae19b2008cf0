// Reads the named resources with SST's own JavaScript SDK and prints them as one JSON
// object; a resource the SDK refuses becomes {"__error": message}.
// usage: node read.mjs Name...
import { Resource } from "sst";

const out = {};
for (const name of process.argv.slice(2)) {
  try {
    out[name] = Resource[name];
  } catch (error) {
    out[name] = { __error: String(error.message) };
  }
}
process.stdout.write(JSON.stringify(out));
