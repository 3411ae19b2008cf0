// The same Worker as examples/worker, on SST's own JS SDK (`sst` from npm), built as
// SST builds a Worker (see build.mjs): SST wraps this module's default export with
// `wrapCloudflareHandler`, which loads the links from each invocation's env.
import { Resource } from "sst/resource";
import { DurableObject } from "cloudflare:workers";

export default {
  async fetch(req, env) {
    const path = new URL(req.url).pathname;
    if (path === "/links") {
      const api = Resource.Api;
      return Response.json({
        App: { name: Resource.App.name, stage: Resource.App.stage },
        Api: { url: api.url, timeout: api.timeout, regions: api.regions, limits: api.limits },
        GREETING: env.GREETING,
      });
    }
    if (path === "/bindings") {
      await Resource.Uploads.put("hello.txt", "hi");
      const object = await Resource.Uploads.get("hello.txt");
      await Resource.Sessions.put("visits", "1");
      const answer = await Resource.Db.prepare("SELECT 6 * 7 AS answer").first("answer");
      await Resource.Jobs.send("resize hello.txt");
      const auth = await (await Resource.Auth.fetch("https://auth/whoami")).text();
      const room = await (await Resource.Rooms.getByName("lobby").fetch("https://room/enter")).text();
      const limit = await Resource.Limiter.limit({ key: "visitor" });
      return Response.json({
        Uploads: await object.text(),
        Sessions: await Resource.Sessions.get("visits"),
        Db: answer,
        Jobs: "sent",
        Auth: auth,
        Rooms: room,
        Pool: { user: Resource.Pool.user, database: Resource.Pool.database, port: Resource.Pool.port },
        Limiter: limit.success,
        Brain: Resource.Brain.constructor.name === "Ai" ? "bound" : "not an Ai binding",
        Signup: Resource.Signup.constructor.name,
      });
    }
    if (path === "/private") {
      const ok = req.headers.get("authorization") === `Bearer ${Resource.StripeKey.value}`;
      return ok ? new Response("authorized") : new Response("unauthorized", { status: 401 });
    }
    return new Response(`${Resource.App.name} (${Resource.App.stage})`);
  },
};

export class Room extends DurableObject {
  async fetch(req) {
    await this.ctx.storage.put("name", "lobby");
    return new Response(`room ${await this.ctx.storage.get("name")}: ${new URL(req.url).pathname}`);
  }
}
