import { createPolicy, isCorsConfigError } from "/work/wt/meshcli/src/index.js";
for (const o of ["app.example.com", "https://app.example.com/", "https://App.Example.com", "https://app.example.com/path", "https://app.example.com:443", "http://127.1", "app.example.com:8080", "localhost:3000", "null", "*", "https://*.example.com", "ftp://x", "https://exa mple.com", "HTTPS://APP.EXAMPLE.COM/x?y"]) {
  try { createPolicy({ allowOrigins: [o] }); console.log(o, "OK"); } catch (e) { if (isCorsConfigError(e)) console.log(o, JSON.stringify(e.issues.map(i => [i.code, i.hint]))); }
}
