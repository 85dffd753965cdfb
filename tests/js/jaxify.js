// Run jupyterquiz's own text rewriting (jaxify: $...$ to maths, [x](y) to links) on
// each string of a JSON list from stdin; the path of its helpers.js is argv[2].
const fs = require("fs");
const source = fs.readFileSync(process.argv[2], "utf8");
const start = source.indexOf("function jaxify");
const end = source.indexOf("// Base class", start);
const jaxify = new Function(`${source.slice(start, end)}; return jaxify;`)();

let text = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { text += chunk; });
process.stdin.on("end", () => {
  process.stdout.write(JSON.stringify(JSON.parse(text).map(jaxify)));
});
