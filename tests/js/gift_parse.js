// Parse GIFT text from stdin with gift-pegjs (an independent GIFT parser) and print JSON.
const { parse } = require("gift-pegjs");

let text = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { text += chunk; });
process.stdin.on("end", () => {
  try {
    process.stdout.write(JSON.stringify(parse(text)));
  } catch (error) {
    process.stderr.write(`${error.message} (line ${error.location?.start?.line})\n`);
    process.exit(1);
  }
});
