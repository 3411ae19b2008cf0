// The other Worker of the app: the `Auth` service both Workers bind, the consumer of
// the `Jobs` queue (it counts deliveries, read back at /jobs), and the `Signup`
// Workflow's class.
import { WorkflowEntrypoint } from "cloudflare:workers";

let delivered = [];

export default {
  async fetch(req) {
    if (new URL(req.url).pathname === "/jobs") return Response.json(delivered);
    return new Response("auth: anonymous");
  },
  async queue(batch) {
    for (const message of batch.messages) {
      delivered.push(message.body);
      message.ack();
    }
  },
};

export class SignupFlow extends WorkflowEntrypoint {
  async run(event, step) {
    return step.do("welcome", async () => `welcome ${event.payload?.email ?? ""}`);
  }
}
