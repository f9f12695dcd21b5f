// The demo page: send a cross-origin request, show what the browser reported and what corsgate decided,
// and edit the backend's policy. Plain JavaScript, no build step. Everything shown is built with
// textContent: request and policy text never become HTML.

const backendOrigin = document.querySelector('meta[name="backend-origin"]').content;
const $ = (id) => document.getElementById(id);

/** Creates an element with a class and children (strings become text nodes). */
function element(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of children) node.append(child instanceof Node ? child : String(child));
  return node;
}

function code(text) {
  return element("code", "", text);
}

/** The id the page puts in the URL query, so the backend's decision log can be searched for this Send. */
function newRequestId() {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `send-${Date.now().toString(36)}-${random[0].toString(36)}${random[1].toString(36)}`;
}

function prettyBody(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

// ---- 1. the request -------------------------------------------------------------------------------------

function showBrowserResult(content) {
  const box = $("browser-result");
  box.className = "";
  box.replaceChildren(...content);
}

async function send(event) {
  event.preventDefault();
  const requestId = newRequestId();
  let url;
  try {
    url = new URL($("url").value);
  } catch {
    showBrowserResult([element("p", "outcome bad", "That is not a URL.")]);
    return;
  }
  url.searchParams.set("demo-request", requestId);
  const method = $("method").value;
  const headers = {};
  const headerName = $("header-name").value.trim();
  if (headerName !== "") headers[headerName] = $("header-value").value;
  const credentials = $("credentials").checked ? "include" : "same-origin";

  $("send").disabled = true;
  showBrowserResult([element("p", "muted", `Sending ${method} ${url.pathname}…`)]);
  $("decisions").replaceChildren();
  const request = element("p", "request-line", code(`fetch("${url}", { method: "${method}", headers: ${JSON.stringify(headers)}, credentials: "${credentials}" })`));
  try {
    const response = await fetch(url, { method, headers, credentials, mode: "cors", cache: "no-store" });
    const body = await response.text();
    const good = response.ok;
    showBrowserResult([
      request,
      element("p", `outcome ${good ? "good" : "warn"}`, element("span", "badge", `HTTP ${response.status}`), good ? " The script can read the answer." : " The script can read the answer (an error status, but CORS let it through)."),
      element("pre", "body", prettyBody(body) || "(empty body)"),
    ]);
  } catch (error) {
    showBrowserResult([
      request,
      element("p", "outcome bad", element("span", "badge", "network error"), " ", code(String(error))),
      element("p", "note", "A browser never tells the script why a CORS check failed (the reason is only in its DevTools console). corsgate's decision, in the next card, says it."),
    ]);
  } finally {
    $("send").disabled = false;
  }
  await showDecisions(requestId, url, credentials === "include");
  // Lets a test (or a curious reader of the DOM) know that this Send is fully shown.
  document.body.dataset.sendsDone = String(Number(document.body.dataset.sendsDone ?? 0) + 1);
}

// ---- corsgate's decisions ------------------------------------------------------------------------------

const kindLabels = { preflight: "preflight", actual: "actual request", "non-cors": "non-CORS request" };

function headerTable(entries, emptyText) {
  if (entries.length === 0) return element("p", "muted small", emptyText);
  const table = element("table", "headers");
  for (const [name, value] of entries) table.append(element("tr", "", element("th", "", name), element("td", "", value)));
  return table;
}

/**
 * What the browser does with corsgate's answer, for the page's credentials mode: the Fetch standard's CORS
 * check (Access-Control-Allow-Origin, and Access-Control-Allow-Credentials for a credentialed request), which
 * corsgate cannot apply itself because a request does not say its credentials mode.
 */
function browserOutcome(entry, withCredentials) {
  const { decision } = entry;
  const preflight = decision.kind === "preflight";
  const rejects = "the page's fetch rejects with a TypeError (the reason is only in DevTools)";
  if (decision.kind === "non-cors") return { good: true, text: "No Origin header: the browser makes no CORS check." };
  if (!decision.allowed) {
    if (!preflight) return { good: false, text: `The browser withholds the response, although the handler ran: ${rejects}.` };
    if (decision.action === "continue") {
      return { good: false, text: `The preflight goes on to the application, whose answer has no CORS headers: the browser fails the preflight and never sends the request itself, and ${rejects}.` };
    }
    return { good: false, text: `The browser fails the preflight and never sends the request itself: ${rejects}.` };
  }
  const allowOrigin = decision.headers["access-control-allow-origin"];
  let refusal;
  if (allowOrigin === undefined) refusal = "the answer has no Access-Control-Allow-Origin";
  else if (withCredentials && allowOrigin === "*") refusal = 'the page sent credentials, and a browser never accepts Access-Control-Allow-Origin: * for a credentialed request';
  else if (withCredentials && decision.headers["access-control-allow-credentials"] !== "true") {
    refusal = 'the page sent credentials (credentials: "include") and the answer has no Access-Control-Allow-Credentials: true';
  }
  if (refusal !== undefined) {
    return preflight
      ? { good: false, text: `corsgate allowed the preflight, but the browser fails it: ${refusal}. It never sends the request itself, and ${rejects}.` }
      : { good: false, text: `corsgate allowed the origin, but the browser refuses the response: ${refusal}. The handler ran; ${rejects}.` };
  }
  if (preflight) {
    return { good: true, text: `The browser accepts the preflight and sends the request itself${withCredentials ? ", with the cookie" : ""}.` };
  }
  return {
    good: true,
    text: withCredentials
      ? "The browser lets the page read the response; the cookie went along (credentials: \"include\")."
      : "The browser lets the page read the response. No cookie went along: a cross-origin fetch sends none unless it asks for credentials: \"include\".",
  };
}

function decisionCard(entry, withCredentials) {
  const { decision } = entry;
  const outcome = browserOutcome(entry, withCredentials);
  const allowed = decision.allowed;
  const title = element(
    "div",
    "decision-title",
    element("span", `kind ${decision.kind}`, kindLabels[decision.kind] ?? decision.kind),
    element("span", "", `${entry.method} ${entry.path}`),
    element("span", `verdict ${allowed ? "good" : "bad"}`, allowed ? "allowed" : decision.kind === "non-cors" ? "not CORS" : "denied"),
  );
  const facts = element(
    "p",
    "facts small",
    "action ",
    code(decision.action),
    decision.status !== undefined ? " · status " : "",
    decision.status !== undefined ? code(String(decision.status)) : "",
    decision.reason ? " · reason " : "",
    decision.reason ? code(decision.reason.code) : "",
    entry.responseStatus !== null ? " · backend answered " : "",
    entry.responseStatus !== null ? code(String(entry.responseStatus)) : "",
  );
  const sent = Object.entries(decision.headers);
  if (decision.vary.length > 0) sent.push(["vary (merged)", decision.vary.join(", ")]);
  return element(
    "article",
    `decision ${allowed ? "allowed" : "denied"}`,
    title,
    facts,
    element("p", `browser-outcome ${outcome.good ? "good" : "bad"}`, element("strong", "", "Browser: "), outcome.text),
    element("blockquote", "explanation", entry.explanation),
    element("div", "columns",
      element("div", "", element("h3", "", "Request headers"), headerTable(Object.entries(entry.requestHeaders), "No Origin: not a CORS request.")),
      element("div", "", element("h3", "", "CORS headers sent"), headerTable(sent, "None: the browser gets no CORS permission.")),
    ),
  );
}

async function showDecisions(requestId, url, withCredentials) {
  const box = $("decisions");
  box.className = "";
  let entries = [];
  try {
    const response = await fetch(`/api/decisions?request=${encodeURIComponent(requestId)}`, { cache: "no-store" });
    entries = (await response.json()).entries ?? [];
  } catch (error) {
    box.replaceChildren(element("p", "outcome bad", `Could not read the decision log: ${error}`));
    return;
  }
  if (entries.length === 0) {
    const elsewhere = url.origin !== backendOrigin;
    box.replaceChildren(
      element("p", "muted", elsewhere
        ? `corsgate saw nothing: ${url.origin} is not the demo's backend (${backendOrigin}).`
        : "corsgate decided nothing for this Send: it never reached the details service behind corsgate."),
    );
    return;
  }
  box.replaceChildren(...entries.map((entry) => decisionCard(entry, withCredentials)));
  const last = entries[entries.length - 1].decision;
  if (last.kind === "preflight" && !last.allowed) {
    box.append(element("p", "note", "The preflight was refused, so the browser never sent the request itself."));
  }
  if (withCredentials && last.allowed && last.headers["access-control-allow-credentials"] !== "true") {
    const anyOrigin = last.headers["access-control-allow-origin"] === "*";
    box.append(
      element("p", "note", "The origin is allowed, but the policy does not allow credentials (no ",
        code("Access-Control-Allow-Credentials: true"), "), so the browser refuses to show a credentialed response to the page. ",
        anyOrigin ? "List this page's origin in " : "",
        anyOrigin ? code("allowOrigins") : "",
        anyOrigin ? " instead of " : "",
        anyOrigin ? code("*") : "",
        anyOrigin ? ", add " : "Add ",
        code("allowCredentials: true"), ", or turn credentials off."),
    );
  }
}

// ---- 2. the policy -------------------------------------------------------------------------------------

function showPolicyStatus(kind, children) {
  const box = $("policy-status");
  box.className = kind;
  box.replaceChildren(...children);
}

function issueList(issues, className) {
  const list = element("ul", `issues ${className}`);
  for (const issue of issues) {
    const item = element("li", "", code(issue.code), " ", element("span", "path", issue.path || "(policy)"), " ", issue.message);
    if (issue.hint) item.append(element("div", "hint", "hint: ", issue.hint));
    list.append(item);
  }
  return list;
}

function showWarnings(warnings) {
  if (!warnings || warnings.length === 0) return [];
  return [element("p", "small", `${warnings.length} warning${warnings.length === 1 ? "" : "s"}:`), issueList(warnings, "warnings")];
}

async function loadPolicy(form) {
  const query = form ? `?form=${encodeURIComponent(form)}` : "";
  const response = await fetch(`/api/policy${query}`, { cache: "no-store" });
  const view = await response.json();
  if (!response.ok) throw new Error(view.error ?? `HTTP ${response.status}`);
  const select = $("policy-form");
  if (select.options.length === 0) {
    for (const entry of view.forms) select.append(new Option(entry.label, entry.form));
  }
  $("policy-text").value = view.text;
  select.value = view.form;
  return view;
}

async function changeForm() {
  const wanted = $("policy-form").value;
  try {
    const view = await loadPolicy(wanted);
    if (view.form !== wanted) {
      showPolicyStatus("warn", [element("p", "", "The applied policy cannot be written in that form; it is shown as it was applied.")]);
    } else {
      showPolicyStatus("", [element("p", "muted small", "The applied policy, in this form. Edit it and Apply.")]);
    }
  } catch (error) {
    showPolicyStatus("bad", [element("p", "", String(error))]);
  }
}

async function applyPolicy() {
  $("apply").disabled = true;
  try {
    const response = await fetch("/api/policy", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ form: $("policy-form").value, text: $("policy-text").value }),
    });
    const result = await response.json();
    if (response.status === 422) {
      const count = result.issues.length;
      showPolicyStatus("bad", [
        element("p", "", `Not applied: ${count} problem${count === 1 ? "" : "s"}. The previous policy stays in force.`),
        issueList(result.issues, "errors"),
      ]);
    } else if (response.ok) {
      showPolicyStatus("good", [element("p", "", "Applied. The next request is decided with this policy."), ...showWarnings(result.warnings)]);
    } else {
      showPolicyStatus("bad", [element("p", "", result.error ?? `HTTP ${response.status}`)]);
    }
  } catch (error) {
    showPolicyStatus("bad", [element("p", "", String(error))]);
  } finally {
    $("apply").disabled = false;
    document.body.dataset.appliesDone = String(Number(document.body.dataset.appliesDone ?? 0) + 1);
  }
}

// ---- start ---------------------------------------------------------------------------------------------

$("page-origin").textContent = location.origin;
$("origin-to-add").textContent = location.origin;
$("url").value = `${backendOrigin}/details/0`;
$("request-form").addEventListener("submit", send);
$("apply").addEventListener("click", applyPolicy);
$("policy-form").addEventListener("change", changeForm);
loadPolicy()
  .then((view) => {
    showPolicyStatus("", showWarnings(view.warnings));
    document.body.dataset.ready = "true";
  })
  .catch((error) => showPolicyStatus("bad", [element("p", "", `Could not load the policy: ${error}`)]));
