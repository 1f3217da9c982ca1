// Runs Verifik's own TypeScript api-client, unchanged, against the Verifik simulator and checks what it reads.
// Usage (see README.md here): SIM=http://127.0.0.1:5102 CLIENT=/tmp/verifik-client/packages/api-client npx tsx drive-api-client.mts
// One line per call: method, path, status, the fields the client read. Exit code 1 on any failed expectation.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const sim = (process.env.SIM ?? "http://127.0.0.1:5102").replace(/\/$/, "");
const clientDir = process.env.CLIENT ?? "/tmp/verifik-client/packages/api-client";
// FACE=optional reports the face calls without failing on them (for a build without the face endpoints).
const faceOptional = process.env.FACE === "optional";
const here = dirname(fileURLToPath(import.meta.url));
const image = readFileSync(process.env.IMAGE ?? resolve(here, "../../../fixtures/images/selfie-match.jpg")).toString("base64");

// The client reads its host once, when its config module loads.
process.env.NEXT_PUBLIC_VERIFIK_API_URL = sim;
const api = await import(pathToFileURL(resolve(clientDir, "src/index.ts")).href);

// Every request the client makes goes through fetch: record method, path and status for the report line.
const seen: { method: string; path: string; status: number }[] = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
	const res = await realFetch(input, init);
	const url = new URL(typeof input === "string" || input instanceof URL ? input.toString() : input.url);
	seen.push({ method: init?.method ?? "GET", path: url.pathname + url.search, status: res.status });
	return res;
};

let failures = 0;
function report(name: string, fields: Record<string, unknown>, expectations: [string, boolean][], optional = false) {
	const call = seen.at(-1);
	const failed = expectations.filter(([, ok]) => !ok).map(([what]) => what);
	const verdict = failed.length === 0 ? "ok" : optional ? `PENDING (${failed.join("; ")})` : `FAIL (${failed.join("; ")})`;
	if (failed.length > 0 && !optional) failures++;
	console.log(`${call?.method ?? "-"} ${call?.path ?? "-"} ${call?.status ?? "-"} ${name} ${JSON.stringify(fields)} ${verdict}`);
}

const isJwt = (t: unknown) => typeof t === "string" && t.split(".").length === 3;

async function latestOtp(to: string): Promise<string> {
	const res = await realFetch(`${sim}/__simulator/otps?${new URLSearchParams({ to })}`);
	const body = (await res.json()) as { items: { otp: string }[] };
	return body.items[0]?.otp ?? "";
}

const { projectId: project, loginProjectFlowId: projectFlow } = api.verifikConfig;
const stamp = Date.now().toString(36);

// ─── Login by e-mail, as apps/web/app/[locale]/auth and auth/otp do ───
const email = `tsclient-${stamp}@example.com`;
const base = { project, projectFlow, type: "login", validationMethod: "verificationCode" } as const;
let res = await api.sendEmailOTP({ email, ...base, language: "en" });
report("sendEmailOTP", { error: res.error }, [["no error", res.error === undefined]]);

res = await api.validateEmailOTP({ otp: "000000", email, ...base });
report("validateEmailOTP(wrong otp)", { error: res.error, code: res.code, statusCode: res.statusCode }, [
	["an error", typeof res.error === "string"],
	["a 4xx", (res.statusCode ?? 0) >= 400 && (res.statusCode ?? 0) < 500],
]);

res = await api.validateEmailOTP({ otp: await latestOtp(email), email, ...base });
const emailValidationToken = api.getValidationLoginToken(res.data);
report("validateEmailOTP", { "data.type": res.data?.data?.type, "data.token": emailValidationToken ? "<jwt>" : null }, [
	["data.type login and data.token a JWT", isJwt(emailValidationToken)],
]);

res = await api.projectLogin(emailValidationToken ?? "");
let accessToken = api.getProjectLoginAccessToken(res.data);
report("projectLogin", { "data.accessToken": accessToken ? "<jwt>" : null, "data.tokenType": res.data?.data?.tokenType }, [
	["data.accessToken a JWT", isJwt(accessToken)],
]);

res = await api.authSession(accessToken ?? "", { origin: "app" });
let user = res.data?.user;
report("authSession(origin=app)", { accessToken: res.data?.accessToken === accessToken ? "<same>" : res.data?.accessToken, "user._id": user?._id, "user.email": user?.email, "user.name": user?.name, "user.credits": user?.credits }, [
	["accessToken the same token", res.data?.accessToken === accessToken],
	["user._id a 24-hex id (the app keeps it as userId)", typeof user?._id === "string" && /^[0-9a-f]{24}$/.test(user._id)],
	["user.email the e-mail logged in", user?.email === email],
]);
const userId: string = user?._id ?? "";

res = await api.authSession(accessToken ?? "", { origin: "app", method: "POST" });
report("authSession(POST origin=app)", { accessToken: res.data?.accessToken === accessToken ? "<same>" : res.data?.accessToken, "user._id": res.data?.user?._id }, [
	["accessToken the same token", res.data?.accessToken === accessToken],
	["user._id the same client", res.data?.user?._id === userId],
]);

// ─── Profile and API key pages (apps/web/app/[locale]/settings) ───
res = await api.updateClient(accessToken ?? "", userId, { name: "TS Client", company: "Example", address: "1 Main St", email, phone: "5550001111", countryCode: "+1" });
const updated = api.getUpdatedClientFromPutResponse(res.data);
report("updateClient", { error: res.error, "data._id": updated?._id, "data.name": updated?.name, "data.email": updated?.email }, [
	["no error", res.error === undefined],
	["data.name the new name", updated?.name === "TS Client"],
	["data.email the e-mail", updated?.email === email],
]);

res = await api.authSession(accessToken ?? "", { origin: "app" });
user = res.data?.user;
report("authSession(after update)", { "user.name": user?.name, "user.company": user?.company, "user.phone": user?.phone, "user.countryCode": user?.countryCode }, [
	["user.name the updated name", user?.name === "TS Client"],
	["user.company the updated company", user?.company === "Example"],
]);

res = await api.authSessionRefresh(accessToken ?? "", 3);
const refreshed = api.getAccessTokenFromSessionBody(res.data);
report("authSessionRefresh(3)", { accessToken: refreshed ? "<jwt>" : null, tokenType: res.data?.tokenType }, [["accessToken a JWT", isJwt(refreshed)]]);

res = await api.renewAndRevokeToken(accessToken ?? "");
const renewed = api.getTokenFromRenewAndRevoke(res.data);
report("renewAndRevokeToken", { token: renewed ? "<jwt>" : null }, [["token a JWT", isJwt(renewed)]]);

res = await api.authSession(accessToken ?? "", { origin: "app" });
report("authSession(revoked token)", { error: res.error, code: res.code, statusCode: res.statusCode }, [["a 401", res.statusCode === 401]]);
accessToken = renewed;

// ─── Login by phone ───
const phone = `555${Date.now().toString().slice(-7)}`;
res = await api.sendPhoneOTP({ phone, countryCode: "+1", ...base, language: "en" });
report("sendPhoneOTP", { error: res.error }, [["no error", res.error === undefined]]);
res = await api.validatePhoneOTP({ otp: await latestOtp(`+1${phone}`), phone, countryCode: "+1", ...base });
const phoneValidationToken = api.getValidationLoginToken(res.data);
report("validatePhoneOTP", { "data.type": res.data?.data?.type, "data.token": phoneValidationToken ? "<jwt>" : null }, [
	["data.type login and data.token a JWT", isJwt(phoneValidationToken)],
]);
res = await api.projectLogin(phoneValidationToken ?? "");
const phoneAccess = api.getProjectLoginAccessToken(res.data);
report("projectLogin(phone)", { "data.accessToken": phoneAccess ? "<jwt>" : null }, [["data.accessToken a JWT", isJwt(phoneAccess)]]);
res = await api.authSession(phoneAccess ?? "", { origin: "app" });
report("authSession(phone)", { "user._id": res.data?.user?._id, "user.phone": res.data?.user?.phone, "user.countryCode": res.data?.user?.countryCode }, [
	["user._id another client", typeof res.data?.user?._id === "string" && res.data.user._id !== userId],
	["user.phone the phone logged in", res.data?.user?.phone === phone],
]);

// ─── Face: the demos' calls (apps/web/app/[locale]/demos) ───
res = await api.detectLiveness({ os: "DESKTOP", image }, accessToken ?? "");
const liveness = api.parseLivenessResult(res.data);
report("detectLiveness", { error: res.error, "data.passed": res.data?.data?.passed, "data.liveness_score": res.data?.data?.liveness_score, "data.min_score": res.data?.data?.min_score, parsed: liveness }, [
	["no error", res.error === undefined],
	["data.passed a boolean", typeof res.data?.data?.passed === "boolean"],
	["data.liveness_score a score", liveness.livenessScore !== null],
], faceOptional);

res = await api.compareFaces({ gallery: [image], probe: [image] }, accessToken ?? "");
const compared = api.parseFaceCompareResult(res.data);
report("compareFaces", { error: res.error, "data.result.score": res.data?.data?.result?.score, "data.result.passed": res.data?.data?.result?.passed, "data.compare_min_score": res.data?.data?.compare_min_score, parsed: compared }, [
	["no error", res.error === undefined],
	["data.result.score a number", typeof res.data?.data?.result?.score === "number"],
	["the same face matches", compared.match === true],
], faceOptional);

res = await api.compareWithLiveness({ probe: image, gallery: [image] }, accessToken ?? "");
const cwl = api.parseCompareWithLivenessResult(res.data);
report("compareWithLiveness", { error: res.error, "data.comparison.result.score": res.data?.data?.comparison?.result?.score, "data.comparison.compare_min_score": res.data?.data?.comparison?.compare_min_score, "data.liveness.result": res.data?.data?.liveness?.result, parsed: cwl }, [
	["no error", res.error === undefined],
	["data.comparison.result.score a number", typeof res.data?.data?.comparison?.result?.score === "number"],
	["data.liveness.result.liveness_score a score", cwl.livenessScore !== null],
], faceOptional);

console.log(failures === 0 ? "all expectations met" : `${failures} call(s) failed their expectations`);
process.exit(failures === 0 ? 0 : 1);
