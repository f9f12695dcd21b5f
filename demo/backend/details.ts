// The "details" service of the mesh tutorial (Istio's Bookinfo): the application behind corsgate.
import type { IncomingMessage, ServerResponse } from "node:http";
import { pathOf } from "../http-utils.js";

/** The custom request header PUT and DELETE require: a browser may only send it after a preflight. */
export const userHeader = "x-demo-user";

/** The cookie the frontend sets; the backend reports whether a request carried it (credentials on or off). */
export const sessionCookie = "demo-session";

interface Book {
  readonly id: number;
  readonly author: string;
  readonly year: number;
  readonly type: string;
  readonly pages: number;
  readonly publisher: string;
  readonly language: string;
  readonly "ISBN-10": string;
  readonly "ISBN-13": string;
}

const catalog: readonly Book[] = [
  { id: 0, author: "William Shakespeare", year: 1595, type: "paperback", pages: 200, publisher: "PublisherA", language: "English", "ISBN-10": "1234567890", "ISBN-13": "123-1234567890" },
  { id: 1, author: "Jane Austen", year: 1813, type: "hardcover", pages: 432, publisher: "PublisherB", language: "English", "ISBN-10": "2345678901", "ISBN-13": "234-2345678901" },
];

/** Sends a JSON answer; `record` learns the status first, for the decision log. */
export type Reply = (status: number, body: unknown) => void;

function hasSessionCookie(request: IncomingMessage): boolean {
  const cookie = request.headers.cookie;
  return typeof cookie === "string" && cookie.split(";").some((part) => part.trim().startsWith(`${sessionCookie}=`));
}

// Echoed in the JSON body only (never in a header), and cut short: it is a demo label, not data.
function demoUser(request: IncomingMessage): string | undefined {
  const value = request.headers[userHeader];
  return typeof value === "string" && value.trim() !== "" ? value.trim().slice(0, 64) : undefined;
}

/**
 * The application: `GET /details/:id`, and `PUT` / `DELETE /details/:id`, which require the `x-demo-user`
 * header. Reviews live in memory: PUT records the reviewer, DELETE removes the review.
 */
export function createDetailsApp(): (request: IncomingMessage, response: ServerResponse, reply: Reply) => void {
  const reviewers = new Map<number, string>();
  return (request, response, reply) => {
    const match = /^\/details\/(\d{1,6})$/.exec(pathOf(request.url));
    const method = request.method ?? "";
    if (match === null) return reply(404, { error: "not found", try: "/details/0" });
    if (method === "OPTIONS") {
      // Reached only when corsgate forwards a preflight it did not match (unmatchedPreflights: forward),
      // as an application behind Istio would see it: no CORS headers here, so the browser refuses.
      response.setHeader("allow", "GET, PUT, DELETE, OPTIONS");
      return reply(204, null);
    }
    const book = catalog.find((entry) => entry.id === Number(match[1]));
    if (book === undefined) return reply(404, { error: `no book with id ${match[1]}` });
    const seenByBackend = { method, [userHeader]: demoUser(request) ?? null, cookie: hasSessionCookie(request) ? "sent" : "not sent" };
    if (method === "GET" || method === "HEAD") {
      return reply(200, { ...book, reviewedBy: reviewers.get(book.id) ?? null, seenByBackend });
    }
    if (method === "PUT" || method === "DELETE") {
      const user = demoUser(request);
      if (user === undefined) return reply(400, { error: `${method} needs the ${userHeader} header`, seenByBackend });
      if (method === "PUT") reviewers.set(book.id, user);
      else reviewers.delete(book.id);
      return reply(200, { ...book, reviewedBy: reviewers.get(book.id) ?? null, seenByBackend });
    }
    response.setHeader("allow", "GET, PUT, DELETE, OPTIONS");
    return reply(405, { error: `${method} is not supported here` });
  };
}
