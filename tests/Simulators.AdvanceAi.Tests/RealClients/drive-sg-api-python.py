# Runs advanceai_token.generate_token() unmodified: sg-api.advance.ai is mapped to the simulator, Host kept.
import json, os, sys, requests
SIM = os.environ.get("SIM", "http://127.0.0.1:5103")
os.environ.setdefault("advanceai_access_key", "sandbox-access-key")
os.environ.setdefault("advanceai_secret_key", "sandbox-secret-key")
real_post = requests.post
def post(url, **kw):
    host = url.split("/")[2]
    kw.setdefault("headers", {})["Host"] = host
    r = real_post(url.replace("https://" + host, SIM), **kw)
    print("POST", url.split(host)[1], "Host:", host, kw.get("data") or json.dumps(kw.get("json")), "->", r.status_code, r.text[:300], sep=" ")
    return r
requests.post = post
import advanceai_token
token = advanceai_token.generate_token()
# The rest of the IDVS H5 flow with the client's token (the client itself stops at the token).
h = {"X-ACCESS-TOKEN": token, "Content-Type": "application/json"}
I = "https://sg-api.advance.ai/intl/openapi/identity-risk/idvs-h5/ekyc/v1"
g = requests.post(I + "/generate-ekyc-verification-url", headers=dict(h), json={"returnUrl": "https://merchant.example/ok", "failReturnUrl": "https://merchant.example/fail", "bizId": "order-1", "userId": "user-1", "region": "PHL"}).json()
sid = g["data"]["signatureId"]
real_post(f"{SIM}/__simulator/journeys/{sid}", headers=h, json={"action": "submit", "scenario": "PASS"})
real_post(f"{SIM}/__simulator/clock/advance", headers=h, json={"seconds": 5})
requests.post(I + "/get-result", headers=dict(h), json={"signatureId": sid})
