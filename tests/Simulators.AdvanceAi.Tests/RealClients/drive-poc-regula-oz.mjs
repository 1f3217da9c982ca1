// Runs src/aai/AaiApis.js of andi-fajar/poc-regula-oz unmodified. Its demo server (server.js) forwards
// /proxy/* to https://api.advance.ai/; here fetch does the same forwarding to the simulator.
const SIM = process.env.SIM ?? 'http://127.0.0.1:5103';
const realFetch = globalThis.fetch;
const seen = [];
globalThis.fetch = async (url, init = {}) => {
  const target = String(url).replace(/^https:\/\/[^/]+\/proxy\//, SIM + '/').replace(/^https:\/\/api\.advance\.ai\//, SIM + '/');
  const res = await realFetch(target, init);
  const text = await res.clone().text();
  seen.push({ method: init.method, path: new URL(target).pathname, headers: init.headers, body: typeof init.body === 'string' ? init.body : '(form)', status: res.status, answer: text });
  return res;
};
// The module's own demo key pair is registered in the simulator first (README.md).
const { pathToFileURL } = await import('node:url');
const api = await import(pathToFileURL((await import('node:path')).resolve(process.env.CLIENT ?? 'AaiApis.mjs')).href);
const step = async (name, f) => { try { return await f(); } catch (e) { console.log(`${name} threw: ${e.message}`); return null; } };
const token = await step('generateToken', () => api.generateToken());
const h5 = token && await step('generateLivenessH5', () => api.generateLivenessH5(token.data?.token));
if (h5?.data?.signatureId) {
  await realFetch(`${SIM}/__simulator/journeys/${h5.data.signatureId}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-ACCESS-TOKEN': token.data.token }, body: JSON.stringify({ action: 'submit', scenario: 'PASS' }) });
  const t2 = await step('generateToken', () => api.generateToken());
  await step('getLivenessResult', () => api.getLivenessResult(t2.data.token, h5.data.signatureId));
}
console.log(JSON.stringify(seen, null, 1));
