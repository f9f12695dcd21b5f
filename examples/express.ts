// `npx tsx examples/express.ts`: an Express 5 app behind corsgate, on 127.0.0.1 (PORT, or a free port).
// In your app: import { cors } from "corsgate/express"; (Express 4 works the same way.)
import express from "express";
import type { AddressInfo } from "node:net";
import { cors } from "../src/adapters/express.js";

const app = express();

// First, before body parsers, auth and routes: preflights are answered here, with no OPTIONS route.
app.use(
  cors({
    allowOrigins: ["https://app.example.com", "https://*.example.org"],
    allowMethods: ["PUT", "DELETE"],
    allowHeaders: ["content-type", "authorization"],
    allowCredentials: true,
    maxAge: 600,
  }),
);
app.use((request, response, next) => {
  if (request.headers.authorization === undefined) {
    response.status(401).json({ error: "sign in first" }); // still carries the CORS headers, so the page can read it
    return;
  }
  next();
});
app.put("/items/:id", (request, response) => {
  response.json({ updated: request.params.id });
});

const server = app.listen(Number(process.env["PORT"] ?? 0), "127.0.0.1", () => {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  console.log(`corsgate express example listening on ${url}`);
  console.log(`try: curl -i -X OPTIONS ${url}/items/1 -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: PUT'`);
});
