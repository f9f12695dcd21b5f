// Express 4 is installed under the npm alias `express4`; its API (as used in tests) matches @types/express.
declare module "express4" {
  import express from "express";
  export default express;
}
