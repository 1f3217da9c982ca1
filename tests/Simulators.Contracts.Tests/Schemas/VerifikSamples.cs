namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// Verifik's own sample bodies, copied verbatim: the seed page (<c>shared/seeds/verifik-retrieve-document-liveness.txt</c>),
/// the captured create response of the provider reference (<c>providers/verifik.md</c> §2.1), the response and request
/// examples of the vendor's documentation pages (authentication, Scan Prompt, Scan Studio, document liveness, app
/// registrations, webhooks), and the reference's compact bodies (§1, §2, §4, §5) written out as JSON (the elided
/// <c>signature: {...}</c> filled in with a documented one).
/// </summary>
internal static class VerifikSamples
{
    /// <summary>Seed page (Retrieve a Document Liveness), 200: the placeholder (nested) shape.</summary>
    public const string SeedRetrieve = """
{
"success": true,
"data": {
"_id": "document_liveness_123456789",
"client": "client_123456789",
"appRegistration": "app_registration_123456789",
"imageSaved": true,
"imageUrl": "https://cdn.verifik.co/images/document_123456789.jpg",
"status": "completed",
"validationResults": {
"screenReplay": {
"passed": true,
"score": 0.95,
"details": "No screen replay detected"
},
"printedCopy": {
"passed": true,
"score": 0.90,
"details": "No printed copy detected"
},
"portraitSubstitution": {
"passed": true,
"score": 0.88,
"details": "No portrait substitution detected"
},
"digitalManipulation": {
"passed": true,
"score": 0.92,
"details": "No digital manipulation detected"
}
},
"calibrationSettings": {
"screenReplayCalibration": "REGULAR",
"printedCopyCalibration": "REGULAR",
"portraitSubstitutionCalibration": "REGULAR"
},
"validationFlags": {
"ignoreDocumentCroppedValidation": false,
"ignoreColourLessValidation": false
},
"riskScore": 0.05,
"confidence": 0.91,
"createdAt": "2024-01-15T10:30:00Z",
"updatedAt": "2024-01-15T10:32:00Z",
"completedAt": "2024-01-15T10:32:00Z"
},
"signature": {
"dateTime": "April 11, 2023 12:25 PM",
"message": "Certified by Verifik.co"
}
}
""";

    /// <summary>Seed page, 404.</summary>
    public const string SeedNotFound = """
{
"error": "Document liveness not found",
"message": "DOCUMENT_LIVENESS_NOT_FOUND"
}
""";

    /// <summary>Reference §2.1: the captured create 200 (GitBook, Oct 2025 capture; the reference's own values).</summary>
    public const string ReferenceCapturedCreate = """
{
  "data": {
    "client": "6650a1c2e4b0a1b2c3d4e5f6",
    "imageSaved": true,
    "imageUrl": "https://cdn.verifik.co/document-liveness/document-liveness-1761614605009",
    "validateScreenReplay": true, "validatePrintedCopy": true,
    "validatePortraitSubstitution": false, "validateDigitalManipulation": false,
    "sreenReplayScore": 0.31, "printedCopyScore": 2.4,
    "portraitSubstitutionScore": 0, "digitalManipulationScore": 0,
    "screenReplayProbability": 0.97, "printedCopyProbability": 0.99,
    "portraitSubstitutionProbability": 0, "digitalManipulationProbability": 0,
    "sreenReplayCalibration": "REGULAR", "printedCopyCalibration": "REGULAR",
    "portraitSubstitutionCalibration": "REGULAR", "digitalManipulationCalibration": "REGULAR",
    "ignoreDocumentCroppedValidation": false, "ignoreColourLessValidation": false,
    "screenReplayWarnings": ["GLARE_ON_IMAGE"], "printedCopyWarnings": ["GLARE_ON_IMAGE"],
    "portraitSubstitutionWarnings": [], "digitalManipulationWarnings": [],
    "screenReplayErrors": [], "printedCopyErrors": [],
    "portraitSubstitutionErrors": [], "digitalManipulationErrors": [],
    "aggregatedScore": 0.97, "isLive": true, "aggregateWarnings": ["GLARE_ON_IMAGE"],
    "_id": "6900aa11bb22cc33dd44ee55",
    "updatedAt": "2025-10-28T01:23:59.928Z", "createdAt": "2025-10-28T01:23:59.928Z",
    "__v": 0, "chargesCount": 2,
    "rawResponse": {
      "pipeline_results": [
        {"pipeline_name": "screen-replay_2024-09", "liveness_score": 0.31,
         "liveness_probability": "0.97", "is_live": true,
         "image_quality_warnings": ["GLARE_ON_IMAGE"], "status": "success"},
        {"pipeline_name": "printed-copy_2024-09", "liveness_score": 2.4,
         "liveness_probability": "0.99", "is_live": true,
         "image_quality_warnings": ["GLARE_ON_IMAGE"], "status": "success"}
      ],
      "charges_count": 2, "aggregate_liveness_probability": "0.97",
      "aggregate_is_live": true, "aggregate_image_quality_warnings": ["GLARE_ON_IMAGE"]
    }
  },
  "signature": {"dateTime": "October 28, 2025 1:24 AM", "message": "Certified by Verifik.co"},
  "id": "K3Q9Z"
}
""";

    /// <summary>Reference §2.4: face liveness 200 (signature filled in).</summary>
    public const string ReferenceFaceLiveness = """
{"id": "JQ4RM", "data": {"passed": true, "min_score": 0.6, "liveness_score": 0.93}, "signature": {"dateTime": "October 28, 2025 1:24 AM", "message": "Certified by Verifik.co"}}
""";

    /// <summary>Reference §2.5: compare 200 (signature filled in).</summary>
    public const string ReferenceFaceCompare = """
{"id": "A73ZL", "data": {"score": 0.91}, "signature": {"dateTime": "October 28, 2025 1:24 AM", "message": "Certified by Verifik.co"}}
""";

    /// <summary>Reference §2.5: compare-with-liveness 200 (values and signature filled in).</summary>
    public const string ReferenceCompareWithLiveness = """
{"id": "08S7B", "data": {"comparison": {"score": 0.91}, "liveness": {"liveness_score": 0.93, "min_score": 0.6, "passed": true}}, "signature": {"dateTime": "October 28, 2025 1:24 AM", "message": "Certified by Verifik.co"}}
""";

    /// <summary>Reference §5: a delivery {type, object} (an app registration snapshot).</summary>
    public const string ReferenceWebhookDelivery = """
{"type": "onboarding_app_registration_completed", "object": {"_id": "674de8df21c72be3cc42b8a7", "client": "507f1f77bcf86cd799439013", "project": "507f1f77bcf86cd799439011", "projectFlow": "507f1f77bcf86cd799439015", "status": "COMPLETED"}}
""";

    /// <summary>The Create a Document Liveness page (Docusaurus), 200: the seed's record without calibrationSettings and validationFlags.</summary>
    public const string DocsCreate = """
{
  "success": true,
  "data": {
    "_id": "document_liveness_123456789",
    "client": "client_123456789",
    "appRegistration": "app_registration_123456789",
    "imageSaved": true,
    "imageUrl": "https://cdn.verifik.co/images/document_123456789.jpg",
    "status": "completed",
    "validationResults": {
      "screenReplay": {
        "passed": true,
        "score": 0.95,
        "details": "No screen replay detected"
      },
      "printedCopy": {
        "passed": true,
        "score": 0.90,
        "details": "No printed copy detected"
      },
      "portraitSubstitution": {
        "passed": true,
        "score": 0.88,
        "details": "No portrait substitution detected"
      },
      "digitalManipulation": {
        "passed": true,
        "score": 0.92,
        "details": "No digital manipulation detected"
      }
    },
    "riskScore": 0.05,
    "confidence": 0.91,
    "createdAt": "2024-01-15T10:30:00Z",
    "updatedAt": "2024-01-15T10:32:00Z",
    "completedAt": "2024-01-15T10:32:00Z"
  },
  "signature": {
    "dateTime": "April 11, 2023 12:25 PM",
    "message": "Certified by Verifik.co"
  }
}
""";

    /// <summary>Create page, 400.</summary>
    public const string DocsCreateInvalidImage = """
{
  "error": "Invalid image format",
  "message": "INVALID_IMAGE_FORMAT"
}
""";

    /// <summary>Create page, 413.</summary>
    public const string DocsCreateTooLarge = """
{
  "error": "Image too large",
  "message": "IMAGE_TOO_LARGE"
}
""";

    /// <summary>The List All Document Liveness page (Docusaurus), 200, populated client and appRegistration.</summary>
    public const string DocsList = """
{
  "success": true,
  "data": [
    {
      "_id": "document_liveness_123456789",
      "client": {
        "_id": "client_123456789",
        "name": "Example Client",
        "email": "client@example.com"
      },
      "appRegistration": {
        "_id": "app_registration_123456789",
        "fullName": "John Doe",
        "email": "user@example.com",
        "status": "completed"
      },
      "imageSaved": true,
      "imageUrl": "https://cdn.verifik.co/images/document_123456789.jpg",
      "status": "completed",
      "validationResults": {
        "screenReplay": {
          "passed": true,
          "score": 0.95
        },
        "printedCopy": {
          "passed": true,
          "score": 0.90
        },
        "portraitSubstitution": {
          "passed": true,
          "score": 0.88
        },
        "digitalManipulation": {
          "passed": true,
          "score": 0.92
        }
      },
      "riskScore": 0.05,
      "confidence": 0.91,
      "createdAt": "2024-01-15T10:30:00Z",
      "updatedAt": "2024-01-15T10:32:00Z",
      "completedAt": "2024-01-15T10:32:00Z"
    }
  ],
  "pagination": {
    "page": 1,
    "limit": 10,
    "total": 1,
    "pages": 1
  },
  "signature": {
    "dateTime": "April 11, 2023 12:25 PM",
    "message": "Certified by Verifik.co"
  }
}
""";

    /// <summary>List page, 400.</summary>
    public const string DocsListInvalid = """
{
  "success": false,
  "error": "Invalid query parameters",
  "code": "INVALID_PARAMETERS"
}
""";

    /// <summary>API Key Access via Email, 200.</summary>
    public const string DocsEmailLogin = """
{
  "data": {
    "status": "sent",
    "email": "user@example.com",
    "expiresAt": "2025-06-13T17:24:58.000Z"
  },
  "signature": {"message": "Certified by Verifik.co", "dateTime": "January 16, 2024 3:44 PM"},
  "id": "EML01"
}
""";

    /// <summary>API Key Access via Email, 404.</summary>
    public const string DocsEmailLoginNotFound = """
{
  "code": "NotFound",
  "message": "invalid_email"
}
""";

    /// <summary>Email confirm, 200.</summary>
    public const string DocsEmailConfirm = """
{
  "data": {
    "accessToken": "<jwt>",
    "tokenType": "bearer"
  }
}
""";

    /// <summary>Email confirm, 400.</summary>
    public const string DocsEmailConfirmInvalidOtp = """
{
  "message": "invalid_otp",
  "code": "ERROR"
}
""";

    /// <summary>API Key Access via Phone, 200.</summary>
    public const string DocsPhoneLogin = """
{
    "data": {
        "client": "613375a1eab2fe08527f81e2",
        "project": "6266193db77ccc8111730c90",
        "projectFlow": "658ed28b0990f300134d7b78",
        "status": "sent",
        "countryCode": "+1",
        "phone": "1234566663",
        "phoneGateway": "whatsapp",
        "otp": "$2a$10$fdoxDgtv6J7E4nnZoCORSOiUbpCGOOE5JWghrvAUNZIoX5h81zJLq",
        "expiresAt": "2024-05-29T03:51:26.000Z",
        "phoneData": {
            "title": "Verifik Client"
        },
        "type": "login",
        "redirectUrl": "https://verifik.co",
        "requires2FA": false,
        "language": "en",
        "_id": "6656a3e6eb43abfd7146abb6",
        "updatedAt": "2024-05-29T03:41:27.009Z",
        "createdAt": "2024-05-29T03:41:27.009Z",
        "__v": 0,
        "new": true,
        "providerConfirmation": {}
    },
    "signature": {
        "dateTime": "May 29, 2024 3:41 AM",
        "message": "Certified by Verifik.co"
    },
    "id": "Y0628"
}
""";

    /// <summary>Phone login, 400.</summary>
    public const string DocsPhoneLoginBadPhone = """
{
    "code": "BadRequest",
    "message": "Invalid phone number format.",
    "signature": {
        "dateTime": "August 31, 2022 3:24 PM",
        "message": "Certified by Verifik.co"
    }
}
""";

    /// <summary>Phone login, 409.</summary>
    public const string DocsPhoneLoginMissing = """
{
    "code": "MissingParameter",
    "message": "missing countryCode\n. missing phone\n. missing type\n"
}
""";

    /// <summary>Phone confirm, 200.</summary>
    public const string DocsPhoneConfirm = """
{
    "data": {
        "accessToken": "eyJhbGcpXVCJ9.eyJjbGllbnR...JZCIYiUzNjEaIWxYShWeBaRs",
        "tokenType": "bearer"
    }
}
""";

    /// <summary>Phone confirm, 400.</summary>
    public const string DocsPhoneConfirmBadOtp = """
{
    "code": "BadRequest",
    "message": "Invalid OTP code.",
    "signature": {
        "dateTime": "August 31, 2022 3:24 PM",
        "message": "Certified by Verifik.co"
    }
}
""";

    /// <summary>Phone confirm, 409.</summary>
    public const string DocsPhoneConfirmMissing = """
{
    "code": "MissingParameter",
    "message": "missing countryCode\n. missing phone\n. missing otp\n"
}
""";

    /// <summary>Renew your token (GET /v2/auth/session), 200.</summary>
    public const string DocsSession = """
{
    "accessToken": "eyJhbGcpXVCJ9.eyJjbGllbnR...JZCIYiUzNjEaIWxYShWeBaRs",
    "tokenType": "bearer"
}
""";

    /// <summary>Session, 401.</summary>
    public const string DocsSessionUnauthorized = """
{
    "code": "Unauthorized",
    "message": "Invalid or expired token.",
    "signature": {
        "dateTime": "August 31, 2022 3:24 PM",
        "message": "Certified by Verifik.co"
    }
}
""";

    /// <summary>Session, 409.</summary>
    public const string DocsSessionMissingHeader = """
{
    "code": "MissingParameter",
    "message": "missing Authorization header"
}
""";

    /// <summary>Scan Prompt, 200.</summary>
    public const string DocsScanPrompt = """
{
  "id": "xjicp",
  "data": {
    "__v": 0,
    "_id": "64d3ed6aed1c7d7ea391e617",
    "url": "https://cdn.verifik.co/ocr/64404b1f9856cc8cebd762e7/1691610471704-image.jpeg",
    "type": "ocr",
    "client": "64404b1f9856cc8cebd762e7",
    "status": "ACTIVE_BUT_UNVERIFIED",
    "deleted": false,
    "createdAt": "2023-08-09T19:47:54.214Z",
    "updatedAt": "2023-08-09T19:47:54.214Z",
    "requires2FA": false,
    "documentType": "CUSTOM",
    "OCRExtraction": {
      "fullName": "Juan Miguel Rodríguez López",
      "lastName": "Rodríguez López",
      "firstName": "Juan Miguel",
      "documentNumber": "01101101 01100001"
    },
    "documentNumber": "01101101 01100001",
    "imageValidated": false,
    "validationMethod": "SCAN_GPT"
  },
  "signature": {
    "message": "Certified by Verifik.co",
    "dateTime": "August 9, 2023 7:47 PM"
  }
}
""";

    /// <summary>Scan Prompt, 404.</summary>
    public const string DocsScanPromptNotFound = """
{
  "message": "Document not found",
  "code": "DOCUMENT_NOT_FOUND"
}
""";

    /// <summary>Scan Studio v3, 200.</summary>
    public const string DocsScanStudio = """
{
  "data": {
    "age": "39",
    "client": "68f18d25aafc7dbd2a0bd416",
    "country": "Venezuela",
    "documentCategory": "ID",
    "documentNumber": "18.016.774",
    "documentType": "CCVE",
    "firstNameMatchPercentage": 0,
    "fullNameMatchPercentage": 0,
    "gender": "Male",
    "imageValidated": false,
    "infoValidationSupported": true,
    "inputMethod": "NOT_SET",
    "lastNameMatchPercentage": 0,
    "namesMatch": false,
    "nationality": "VENEZOLANO",
    "OCRExtraction": {
      "details": {
        "fields": [
          {
            "textAnchor": {
              "textSegments": [
                {
                  "startIndex": "167",
                  "endIndex": "174"
                }
              ]
            },
            "type": "civilStatus",
            "mentionText": "SOLTERO",
            "confidence": 0.999997,
            "pageAnchor": {
              "pageRefs": [
                {
                  "boundingPoly": {
                    "normalizedVertices": [
                      {
                        "x": 0.45555556,
                        "y": 0.57798165
                      },
                      {
                        "x": 0.54444444,
                        "y": 0.57798165
                      },
                      {
                        "x": 0.54444444,
                        "y": 0.603211
                      },
                      {
                        "x": 0.45555556,
                        "y": 0.603211
                      }
                    ]
                  }
                }
              ]
            },
            "id": "0"
          },
          {
            "textAnchor": {
              "textSegments": [
                {
                  "startIndex": "156",
                  "endIndex": "166"
                }
              ]
            },
            "type": "dateOfBirth",
            "mentionText": "15/02/1986",
            "confidence": 0.9999982,
            "pageAnchor": {
              "pageRefs": [
                {
                  "boundingPoly": {
                    "normalizedVertices": [
                      {
                        "x": 0.34305555,
                        "y": 0.57798165
                      },
                      {
                        "x": 0.44027779,
                        "y": 0.57798165
                      },
                      {
                        "x": 0.44027779,
                        "y": 0.6055046
                      },
                      {
                        "x": 0.34305555,
                        "y": 0.6055046
                      }
                    ]
                  }
                }
              ]
            },
            "id": "1",
            "normalizedValue": {
              "text": "1986-02-15",
              "dateValue": {
                "year": 1986,
                "month": 2,
                "day": 15
              }
            }
          },
          {
            "textAnchor": {
              "textSegments": [
                {
                  "startIndex": "80",
                  "endIndex": "90"
                }
              ]
            },
            "type": "documentNumber",
            "mentionText": "18.016.774",
            "confidence": 0.99998796,
            "pageAnchor": {
              "pageRefs": [
                {
                  "boundingPoly": {
                    "normalizedVertices": [
                      {
                        "x": 0.43611112,
                        "y": 0.30963302
                      },
                      {
                        "x": 0.55138886,
                        "y": 0.30963302
                      },
                      {
                        "x": 0.55138886,
                        "y": 0.3325688
                      },
                      {
                        "x": 0.43611112,
                        "y": 0.3325688
                      }
                    ]
                  }
                }
              ]
            },
            "id": "2"
          },
          {
            "textAnchor": {
              "textSegments": [
                {
                  "startIndex": "129",
                  "endIndex": "144"
                }
              ]
            },
            "type": "firstName",
            "mentionText": "JOSE DEL CARMEN",
            "confidence": 0.999974,
            "pageAnchor": {
              "pageRefs": [
                {
                  "boundingPoly": {
                    "normalizedVertices": [
                      {
                        "x": 0.24583334,
                        "y": 0.40366971
                      },
                      {
                        "x": 0.45555556,
                        "y": 0.40366971
                      },
                      {
                        "x": 0.45555556,
                        "y": 0.43348625
                      },
                      {
                        "x": 0.24583334,
                        "y": 0.43348625
                      }
                    ]
                  }
                }
              ]
            },
            "id": "5"
          },
          {
            "textAnchor": {
              "textSegments": [
                {
                  "startIndex": "65",
                  "endIndex": "77"
                }
              ]
            },
            "type": "lastName",
            "mentionText": "TOVAR RATTIA",
            "confidence": 0.99997365,
            "pageAnchor": {
              "pageRefs": [
                {
                  "boundingPoly": {
                    "normalizedVertices": [
                      {
                        "x": 0.24444444,
                        "y": 0.35321102
                      },
                      {
                        "x": 0.4125,
                        "y": 0.35321102
                      },
                      {
                        "x": 0.4125,
                        "y": 0.38302752
                      },
                      {
                        "x": 0.24444444,
                        "y": 0.38302752
                      }
                    ]
                  }
                }
              ]
            },
            "id": "8"
          },
          {
            "textAnchor": {
              "textSegments": [
                {
                  "startIndex": "245",
                  "endIndex": "255"
                }
              ]
            },
            "type": "nationality",
            "mentionText": "VENEZOLANO",
            "confidence": 0.9999981,
            "pageAnchor": {
              "pageRefs": [
                {
                  "boundingPoly": {
                    "normalizedVertices": [
                      {
                        "x": 0.34305555,
                        "y": 0.82568806
                      },
                      {
                        "x": 0.5763889,
                        "y": 0.82568806
                      },
                      {
                        "x": 0.5763889,
                        "y": 0.86926603
                      },
                      {
                        "x": 0.34305555,
                        "y": 0.86926603
                      }
                    ]
                  }
                }
              ]
            },
            "id": "9"
          }
        ]
      },
      "documentType": "CCVE",
      "civilStatus": "SOLTERO",
      "gender": "Male",
      "dateOfBirth": "15/02/1986",
      "age": 39,
      "documentNumber": "18.016.774",
      "expeditionDate": "22/02/2023",
      "expireDate": "02/2033",
      "firstName": "JOSE DEL CARMEN",
      "fullName": "JOSE DEL CARMEN TOVAR RATTIA",
      "issuingOffice": "117",
      "lastName": "TOVAR RATTIA",
      "nationality": "VENEZOLANO",
      "country": "Venezuela",
      "category": "ID"
    },
    "requiresBackSide": false,
    "scoreValidated": false,
    "status": "ACTIVE_BUT_UNVERIFIED",
    "type": "ocr",
    "url": "https://cdn.verifik.co/ocr/68f18d25aafc7dbd2a0bd416/1761260917592-png",
    "validationMethod": "SCAN_STUDIO",
    "_id": "68fab57f46bb6a2e90510c8b",
    "updatedAt": "2025-10-23T23:08:47.863Z",
    "createdAt": "2025-10-23T23:08:47.863Z",
    "__v": 0
  },
  "signature": {
    "dateTime": "October 23, 2025 11:08 PM",
    "message": "Certified by Verifik.co"
  },
  "id": "GR48F"
}
""";

    /// <summary>Scan Studio, 400.</summary>
    public const string DocsScanStudioInvalid = """
{
  "error": "Invalid request"
}
""";

    /// <summary>Scan Studio, 409.</summary>
    public const string DocsScanStudioBadType = """
{
    "code": "MissingParameter",
    "message": "documentType must be one of: [CC,RUT,PA,ENSAPA,DNI,CCVE,RIFVE,TLCC]"
}
""";

    /// <summary>Create an App Registration, 200.</summary>
    public const string DocsAppRegistrationCreate = """
{
	"data": {
		"appRegistration": {
			"_id": "674de8df21c72be3cc42b8a7",
			"client": "507f1f77bcf86cd799439013",
			"project": "507f1f77bcf86cd799439011",
			"projectFlow": "507f1f77bcf86cd799439015",
			"status": "STARTED",
			"email": "user@example.com",
			"phone": "1234567890",
			"countryCode": "+1",
			"currentStep": "1",
			"language": "en",
			"createdAt": "2024-12-02T17:05:36.788Z",
			"updatedAt": "2024-12-02T17:05:36.788Z"
		},
		"informationValidation": {
			"_id": "674de8df21c72be3cc42b8a8",
			"fullName": "John Doe",
			"firstName": "John",
			"lastName": "Doe"
		},
		"token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9..."
	}
}
""";

    /// <summary>Create an App Registration, 409.</summary>
    public const string DocsAppRegistrationNeedsContact = """
{
	"message": "Needs an email or a phone at least",
	"code": "MissingParameter",
	"status": 409
}
""";

    /// <summary>Create an App Registration, 409 (email domain).</summary>
    public const string DocsAppRegistrationDomain = """
{
	"message": "email domain not allowed",
	"code": "PreconditionFailed",
	"status": 409
}
""";

    /// <summary>Create an App Registration, 409 (country code).</summary>
    public const string DocsAppRegistrationCountryCode = """
{
	"message": "missing countryCode",
	"code": "MissingParameter",
	"status": 409
}
""";

    /// <summary>The Webhook Object page's example (a configuration as written, without the stored keys).</summary>
    public const string DocsWebhookObject = """
{
  "client": "613a4b978482f60fd31bd7b7",
  "projectFlow": ["613a4b978482f60fd31bd7b8", "613a4b978482f60fd31bd7b9"],
  "statistics": {},
  "isActive": true,
  "name": "Payment Processor Webhook",
  "url": "https://example.com/webhook-endpoint",
  "description": "This webhook handles payment processing notifications.",
  "notification": {
    "email": "notify@example.com",
    "success": true,
    "fail": false
  }
}
""";

    /// <summary>Reference §1: the document-liveness pages' 401 (koa-jwt text).</summary>
    public const string ReferenceProtectedResource = """
{"error": "Protected resource, use Authorization header to get access"}
""";

    /// <summary>Reference §1: the face-recognition pages' 401.</summary>
    public const string ReferenceAuthenticationRequired = """
{"message": "Authentication required", "code": "UNAUTHORIZED"}
""";

    /// <summary>Reference §1: the face-recognition pages' 403.</summary>
    public const string ReferenceTokenExpired = """
{"message": "token_expired", "code": "FORBIDDEN"}
""";

    /// <summary>Reference §1: the app-registration pages' 401/403.</summary>
    public const string ReferenceAccessForbidden = """
{"message": "Access forbidden", "code": "Forbidden"}
""";

    /// <summary>Reference §4: the GitBook retrieve 404 (and webhook delete).</summary>
    public const string ReferenceRecordNotFound = """
{"message": "Record not found.", "code": "NotFound"}
""";

    /// <summary>Reference §4: create with no check enabled, 409.</summary>
    public const string ReferenceNoCheckEnabled = """
{"message": "At least one validation must be selected. Please enable one of: validateScreenReplay, validatePrintedCopy, validatePortraitSubstitution, or validateDigitalManipulation", "code": "MissingParameter"}
""";

    /// <summary>Reference §4/§5: webhook create 409.</summary>
    public const string ReferenceMissingUrl = """
{"code": "MissingParameter", "message": "missing url\n"}
""";

    /// <summary>Reference §2.4: face liveness 409.</summary>
    public const string ReferenceOsRequired = """
{"message": "\"os\" is required", "code": "MissingParameter"}
""";

    /// <summary>Reference §2.5: face compare 409.</summary>
    public const string ReferenceSearchModeRequired = """
{"message": "\"search_mode\" is required", "code": "MissingParameter"}
""";

    /// <summary>Reference §2.5: face compare 412.</summary>
    public const string ReferenceOnlyImagesInBase64 = """
{"message": "only_images_in_base64", "code": "ERROR"}
""";

    /// <summary>Reference §2.4: face 500.</summary>
    public const string ReferenceInternalError = """
{"message": "internal_error", "code": "ERROR"}
""";

    /// <summary>Reference §4: the platform's other 500.</summary>
    public const string ReferenceServerError = """
{"code": "InternalServerError", "message": "Server error."}
""";

    /// <summary>Reference §2.7: document validation 422.</summary>
    public const string ReferenceMissingImage = """
{"code": "MissingParameter", "message": "missing image"}
""";

    /// <summary>Reference §2.7: document validation 422.</summary>
    public const string ReferenceEitherImage = """
{"code": "MissingParameter", "message": "Either image or backImage must be provided"}
""";

    /// <summary>Reference §2.7: document validation 409.</summary>
    public const string ReferenceAlreadyExists = """
{"code": "already_exists", "message": "409:already_exists"}
""";

    /// <summary>Reference §2.7: validation sub-endpoints 404.</summary>
    public const string ReferenceRegistrationNotFound = """
{"code": "appRegistration_not_found", "message": "404:appRegistration_not_found"}
""";

    /// <summary>Reference §2.7: document validation 404.</summary>
    public const string ReferenceDocumentSettingsNotSet = """
{"code": "document_settings_not_set", "message": "404:document_settings_not_set"}
""";

    /// <summary>Reference §2.7: app-registration retrieve 404.</summary>
    public const string ReferenceAppRegistrationNotFound = """
{"message": "AppRegistration_not_found", "code": "NotFound"}
""";

    /// <summary>Reference §2.7: app-registration list 409.</summary>
    public const string ReferenceInvalidLimit = """
{"message": "Invalid parameter: limit must be between 1 and 100", "code": "MissingParameter"}
""";

    /// <summary>Reference §2.7: biometric validation 409.</summary>
    public const string ReferencePersonAlreadySet = """
{"code": "person_already_set", "message": "409:person_already_set"}
""";

    /// <summary>Reference §2.7: biometric validation 409, score appended.</summary>
    public const string ReferenceLivenessFailed = """
{"code": "liveness_failed", "message": "409:liveness_failed@0.45"}
""";

    /// <summary>Reference §1: renew-and-revoke 200 {token} (a token of the docs' truncated kind).</summary>
    public const string ReferenceRenewAndRevoke = """
{"token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJjbGllbnRJZCI6IjY2NTBhMWMyZTRiMGExYjJjM2Q0ZTVmNiJ9.c2lnbmF0dXJl"}
""";

    /// <summary>The Create a Document Liveness page's request body (its Python payload, with JSON booleans).</summary>
    public const string DocsCreateRequest = """
{"image": "base64_encoded_document_image", "saveImage": true, "validatePrintedCopy": true, "validateScreenReplay": true, "validatePortraitSubstitution": true, "validateDigitalManipulation": true, "screenReplayCalibration": "REGULAR", "printedCopyCalibration": "REGULAR", "portraitSubstitutionCalibration": "REGULAR", "ignoreDocumentCroppedValidation": false, "ignoreColourLessValidation": false}
""";

    /// <summary>The phone-login page's request body.</summary>
    public const string DocsPhoneLoginRequest = """
{"countryCode": "+1", "phone": 1234566663, "type": "login"}
""";

    /// <summary>The phone-login confirm request body.</summary>
    public const string DocsPhoneConfirmRequest = """
{"countryCode": "+1", "phone": 1234566663, "otp": "123456"}
""";

    /// <summary>The email-login confirm request body (Go tab).</summary>
    public const string DocsEmailConfirmRequest = """
{"email":"user@example.com","otp":"123456"}
""";

    /// <summary>The Scan Prompt request body (its Python payload, with JSON booleans).</summary>
    public const string DocsScanPromptRequest = """
{"image": "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQ...", "cropFace": true, "documentType": "DNI"}
""";

    /// <summary>The Scan Studio v3 request body (PHP tab).</summary>
    public const string DocsScanStudioRequest = """
{
  "image": "/9j/4AAQSkZJRgABAQEA...xbjqiSXFqrqWSutTpCVOELMoqFhH/2Q==",
  "documentType": "CCVE"
}
""";

    /// <summary>The Create an App Registration request body (Python payload).</summary>
    public const string DocsAppRegistrationRequest = """
{"project": "507f1f77bcf86cd799439011", "projectFlow": "507f1f77bcf86cd799439015", "email": "user@example.com", "phone": "1234567890", "countryCode": "+1", "fullName": "John Doe", "language": "en"}
""";

    /// <summary>Reference §2.4: a face liveness body with every documented field.</summary>
    public const string ReferenceFaceLivenessRequest = """
{"os": "DESKTOP", "image": "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQ", "collection_id": "6650a1c2e4b0a1b2c3d4e5f6", "liveness_min_score": 0.6}
""";

    /// <summary>Reference §2.5: a compare body.</summary>
    public const string ReferenceCompareRequest = """
{"probe": ["/9j/4AAQSkZJRgABAQAAAQ"], "gallery": ["/9j/4AAQSkZJRgABAQAAAQ"], "search_mode": "FAST", "compare_min_score": 0.85}
""";

    /// <summary>Reference §2.5: a compare-with-liveness body (probe a string).</summary>
    public const string ReferenceCompareWithLivenessRequest = """
{"probe": "/9j/4AAQSkZJRgABAQAAAQ", "gallery": ["https://example.com/face.jpg"], "search_mode": "ACCURATE", "liveness_min_score": 0.6, "compare_min_score": 0.85}
""";

    /// <summary>Reference §5: a webhook create body.</summary>
    public const string ReferenceWebhookRequest = """
{"url": "https://example.com/webhook-endpoint", "name": "Onboarding", "isActive": true, "description": "KYC events", "link": ["658ed28b0990f300134d7b78"]}
""";

    /// <summary>Reference §2.7: a document validation body.</summary>
    public const string ReferenceDocumentValidationRequest = """
{"image": "/9j/4AAQSkZJRgABAQAAAQ", "backImage": "/9j/4AAQSkZJRgABAQAAAQ", "force": false}
""";

    /// <summary>Reference §2.7: a biometric validation body.</summary>
    public const string ReferenceBiometricValidationRequest = """
{"image": "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQ", "os": "IOS", "force": false}
""";
}
