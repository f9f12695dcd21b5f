// `npm run demo`: the mesh documentation's CORS tutorial on this machine, with corsgate in place of the mesh.
import { DemoPortError, startDemo } from "./start.js";
import { parseOptions, usage } from "./options.js";

const parsed = parseOptions(process.argv.slice(2), process.env);
if (!parsed.ok) {
  console.error(`demo: ${parsed.problems.join("; ")}\n${usage}`);
  process.exit(1);
}
if (parsed.help) {
  console.log(usage);
  process.exit(0);
}

try {
  const demo = await startDemo(parsed.options);
  console.log(`corsgate demo — two origins on this machine:
  frontend (the page):                 ${demo.frontendOrigin}/
  backend (details service, corsgate): ${demo.backendOrigin}/details/0

Open ${demo.frontendOrigin}/ in a browser and press Send: the browser blocks the call, because the
policy does not allow the frontend's origin yet. Add ${demo.frontendOrigin} to allowOrigins in the
policy editor, Apply, and Send again. Ctrl+C stops the demo.`);
  const stop = () => {
    void demo.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  if (error instanceof DemoPortError) {
    const flag = `--${error.server}-port`;
    const variable = error.server === "backend" ? "BACKEND_PORT" : "FRONTEND_PORT";
    console.error(`demo: ${error.message}; choose another with ${flag} <port> or ${variable}=<port> (0 picks a free one)`);
    process.exit(1);
  }
  throw error;
}
