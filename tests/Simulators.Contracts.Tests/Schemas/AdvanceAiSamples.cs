namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// ADVANCE.AI's own sample bodies, copied verbatim: the Get Result seed page
/// (<c>shared/seeds/advance-ai-idvs-h5-get-result.txt</c>), the request bodies of the curl examples on the
/// vendor's Generate URL, Document API, Start Verification and Database Validation pages, and the examples
/// of the provider reference (<c>providers/advance-ai.md</c>). Some are not JSON as printed (comments, an
/// unquoted value, a missing comma); the tests repair them one visible step at a time.
/// </summary>
internal static class AdvanceAiSamples
{
    /// <summary>Seed page, Response Examples, SUCCESS (a PASS).</summary>
    public const string SeedSuccess = """
{
  "code": "SUCCESS",
  "message": "OK",
  "data": {
    "signatureId": "f302f5d2454a85c2",
    "overallResult": "PASS",
    "submissionCompleted": true,
    "idvResult": "PASS",
    "errorCode": "SUCCESS",
    "docDetail": {
      "ocrResult": "PASS",
      "docFrontImage": "https://abc.com/idFrontImage.jpg",
      "docBackImage": "https://abc.com/idBackImage.jpg",
      "docType": {
        "front": "MY-ID-MYKAD",
        "back": "MY-ID-MYKAD"
      },
      "subDocType": {
        "front": "MY-ID-MYKAD",
        "back": "MY-ID-MYKAD"
      },
      "ocrInfo": {
        "front": {
          "gender": "PEREMPUAN",
          "name": "****** ******",
          "address": "****** ****** ****** ******",
          "idNumber": "************",
          "religion": "",
          "birthday": "1977/10/28",
          "citizen": "MYS"
        },
        "back": {
          "idNumber": "************"
        }
      },
      "qualityLabels": {
        "front": {
          "isBlur": false,
          "isDim": false,
          "isExposure": true
        },
        "back": null
      },
      "forgeryLabels": [
        "photocopy"
      ],
      "eventDetails": [
        {
          "event": "FE_DOCUMENT_SCAN",
          "result": "PASS",
          "createTimestmap": 1665993522952
        }
      ]
    },
    "countryCodeIso3": "PHL"
  },
  "extra": null,
  "transactionId": "d3fde1547eeaf226",
  "pricingStrategy": "FREE"
}
""";

    /// <summary>Seed page, the second SUCCESS example: a failure printed as 'fail' / NOT_SUPPORTED_CARD / docResult, against the tables' FAIL / NO_SUPPORTED_CARD / ocrResult.</summary>
    public const string SeedFail = """
{
    "code": "SUCCESS",
    "message": "OK",
    "data": {
      "signatureId":"f302f5d2454a85c2",
      "overallResult":"fail",
      "submissionCompleted": true,
      "idvResult":"fail",
      "errorCode":"NOT_SUPPORTED_CARD",
      "docDetail":  {
        "docResult": null,
        "docFrontImage": null,
        "docBackImage": null,
				"ocrInfo": null,
        "qualityLabels": null,
        "forgeryLabels": null
      },
      "countryCodeIso3": "PHL"
    },
    "extra": null,
    "transactionId": "d3fde1547eeaf226",
    "pricingStrategy": "FREE"
}
""";

    /// <summary>Seed page, the third SUCCESS example: still processing; printed with // comments and an unquoted PASS, and without signatureId.</summary>
    public const string SeedPending = """
{
  "code": "SUCCESS",
  "message": "OK",
  "data": {
    "overallResult": null, // still in processing
    "submissionCompleted": false,
    "idvResult": null, // still in processing
    "errorCode": null,
    "docDetail": {
      "ocrResult": PASS,
      "docFrontImage": "https://abc.com/idFrontImage.jpg",
      "docBackImage": "https://abc.com/idBackImage.jpg",
      "ocrInfo": {
        "front": {
          "birthday": "OCTOBER 28,1977",
          "name": "**************",
          "birthdayParsed": "1977/10/28",
          "idNumber": "09-*******-*"
        },
        "back": null
      },
       "qualityLabels": {
  				"front": null,
  				"back": null
			},
      "forgeryLabels": null, // in processing
      "eventDetails": [
          {
              "event": "FE_DOCUMENT_SCAN",
              "result": "PASS",
              "createTimestmap": 1665993522952
          }
      ]
    },
    "countryCodeIso3": "PHL"
  },
  "extra": null,
  "transactionId": "d3fde1547eeaf226",
  "pricingStrategy": "FREE"
}
""";

    /// <summary>Seed page, SIGNATURE_NOT_EXIST.</summary>
    public const string SeedSignatureNotExist = """
{
    "code":"SIGNATURE_NOT_EXIST",
    "message":"This signatureId is not exist",
    "data":null,
    "extra":null,
    "transactionId":"b6d722f7e9f553ae",
    "pricingStrategy":"FREE"
}
""";

    /// <summary>Seed page, ERROR.</summary>
    public const string SeedError = """
{
    "code":"ERROR",
    "message":"Server error",
    "data":null,
    "extra":null,
    "transactionId":"1deae5a13ef2bd5e",
    "pricingStrategy":"FREE"
}
""";

    /// <summary>Seed page, the request example's body.</summary>
    public const string SeedGetResultRequest = """
{"signatureId": "f302f5d2454a85c2"}
""";

    /// <summary>idvs-3-generate-url-api, the request example (https redirect URLs).</summary>
    public const string EkycGenerateUrlRequest = """
{
    "returnUrl": "https://www.example.com",
    "failReturnUrl":"https://www.example.com/fail",
    "callbackUrl": "https://www.example.com/callback",
    "bizId": "7ac66c0f148de9519b8bd264312c4d64", 
    "userId":"8e44f0089b076e18a718eb9ca3d94674",
    "region":"PHL",
    "language": "en-US",
    "docType": "PH-ID-SSS",
    "prefersColorScheme":"light",
    "ignoreFailWhenJump": false,
    "bizCode":"WhiteCard",
    "productLevel": "STANDARD"
}
""";

    /// <summary>idvs-3-generate-url-api, the request example with custom-scheme redirect URLs.</summary>
    public const string EkycGenerateUrlCustomSchemeRequest = """
{
"returnUrl": "myapp://verification/success",
"failReturnUrl":"myapp://verification/fail",
"callbackUrl": "https://www.example.com/callback",
"bizId": "7ac66c0f148de9519b8bd264312c4d64",
"userId":"8e44f0089b076e18a718eb9ca3d94674",
"region":"PHL",
"language": "en-US",
"docType": "PH-ID-SSS",
"prefersColorScheme":"light",
"ignoreFailWhenJump": false,
"bizCode":"WhiteCard",
"productLevel": "ADVANCED"
}
""";

    /// <summary>document-verification-generate-url-api, the request example.</summary>
    public const string DocumentGenerateUrlRequest = """
{
"returnUrl": "https://www.example.com",
"failReturnUrl":"https://www.example.com/fail",
"callbackUrl": "https://www.example.com/callback",
"bizId": "7ac66c0f148de9519b8bd264312c4d64",
"userId":"8e44f0089b076e18a718eb9ca3d94674",
"region":"PHL",
"language": "en-US",
"docType": "PH-ID-SSS",
"prefersColorScheme":"light",
"ignoreFailWhenJump": false,
"bizCode":"WhiteCard",
"productLevel": "ADVANCED"
}
""";

    /// <summary>idvs-generate-url-api (older IDVS, solutionCode), the request example.</summary>
    public const string LegacyGenerateUrlRequest = """
{
"returnUrl": "https://www.example.com",
"failReturnUrl":"https://www.example.com/fail",
"callbackUrl": "https://www.example.com/callback",
"bizId": "7ac66c0f148de9519b8bd264312c4d64", 
"userId":"8e44f0089b076e18a718eb9ca3d94674",
"region":"PHL",
"language": "en-US",
"docType": "PH-ID-SSS",
"solutionCode": "01",
"prefersColorScheme":"light",
"ignoreFailWhenJump": false,
"bizCode":"WhiteCard"
}
""";

    /// <summary>idvs-document-api, the request example: a // comment after frontImageBase64.</summary>
    public const string DocumentApiRequest = """
{
"callbackUrl": "https://www.example.com/callback",
"bizId": "7ac66c0f148de9519b8bd264312c4d64", 
"userId":"8e44f0089b076e18a718eb9ca3d94674",
"region":"THA",
"language": "en-US",
"docType": "TH-ID-N",
"solutionCode": "05",
"frontImageBase64":"YWJjZGVmZw==", // use real image base64 string
"bizCode":"WhiteCard"
}
""";

    /// <summary>start-verification-api, the request example: a // comment, a missing comma after fullName and a trailing comma.</summary>
    public const string AddressVerificationRequest = """
{
    "callbackUrl": "https://www.example.com/callback",
    "bizId": "7ac66c0f148de9519b8bd264312c4d64", 
    "userId":"8e44f0089b076e18a718eb9ca3d94674",
    "region":"PHL",
    "proofFileBase64":"YWJjZGVmZw==", // use real image base64 string  
 		"firstName": "Thomas",
    "middleName": "Alva",
    "lastName": "Edison",
    "fullName": "Thomas Alva Edison"
    "bizCode":"WhiteCard",
}
""";

    /// <summary>database-id-verification, the request example.</summary>
    public const string DatabaseIdVerificationRequest = """
{
    "bizId": "7ac66c0f148de9519b8bd264312c4d64",
    "userId": "8e44f0089b076e18a718eb9ca3d94674",
    "region": "NGA",
    "numberType": "BVN",
    "numberValue": "12345678901"
  }
""";

    /// <summary>The documented signature test vector as a token request (timestamp a number, periodSecond 120, as the docs' curl sends them).</summary>
    public const string TokenRequestTestVector = """
{"accessKey": "sampleaccesskey", "timestamp": 1665993522952, "signature": "02209bbeaf0d0a3dd587f6a1ba22f84c98d142e3b545e77db7e4906ca56349f5", "periodSecond": 120}
""";

    /// <summary>Reference §2, the token response example.</summary>
    public const string ReferenceTokenResponse = """
{
  "code": "SUCCESS",
  "message": "OK",
  "data": { "token": "eyJhbGciOiJIUzUxMiJ9.eyJpc3MiOiJoNV9saXZlbmVzcyIs...sig", "expiredTime": 1767229200000 },
  "extra": null,
  "transactionId": "3f9a1c0b7d2e4a51",
  "pricingStrategy": "FREE"
}
""";

    /// <summary>Reference §3, the suggested Generate URL response.</summary>
    public const string ReferenceGenerateUrlResponse = """
{
  "code": "SUCCESS",
  "message": "OK",
  "data": { "signatureId": "9c41d07be2a35f18", "url": "https://sim.local/h5/idv?signatureId=9c41d07be2a35f18" },
  "extra": null,
  "transactionId": "9c41d07be2a35f18",
  "pricingStrategy": "FREE"
}
""";

    /// <summary>Reference §4, the Get Result example (own values): subDocType a string and qualityLabels [] where the seed has {front, back} objects.</summary>
    public const string ReferenceGetResultResponse = """
{
  "code": "SUCCESS", "message": "OK", "extra": null,
  "transactionId": "5e0c2b9a77d41f03", "pricingStrategy": "FREE",
  "data": {
    "signatureId": "9c41d07be2a35f18",
    "overallResult": "PASS",
    "idvResult": "PASS",
    "submissionCompleted": true,
    "errorCode": "SUCCESS",
    "countryCodeIso3": "PHL",
    "docDetail": {
      "ocrResult": "PASS",
      "docFrontImage": "https://sim.local/img/9c41d07be2a35f18/front.jpg?exp=1767315600",
      "docBackImage": null,
      "docType": { "front": "PH-ID-SSS", "back": null },
      "subDocType": "PH-ID-SSS",
      "ocrInfo": { "front": { "idNumber": "34-1234567-8", "fullName": "JUAN DELA CRUZ" }, "back": null },
      "qualityLabels": [],
      "forgeryLabels": [],
      "eventDetails": [ { "event": "FE_DOCUMENT_SCAN", "result": "PASS", "createTimestmap": 1767229260000 } ]
    },
    "faceDetail": {
      "faceResult": "PASS", "faceLivenessScore": 92.5, "faceSimilarityScore": 88.0,
      "faceImageNear": "https://sim.local/img/9c41d07be2a35f18/near.jpg", "faceImageNearTime": 1767229302000,
      "eventDetails": []
    }
  }
}
""";

    /// <summary>Reference §6a, the callbackUrl notification example.</summary>
    public const string ReferenceCallback = """
{ "signatureId": "9c41d07be2a35f18", "type": "SUBMIT_COMPLETED" }
""";
}
