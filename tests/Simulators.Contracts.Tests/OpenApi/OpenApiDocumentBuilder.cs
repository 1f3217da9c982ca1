using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Simulators.Contracts.Tests.Schemas;

namespace Simulators.Contracts.Tests.OpenApi;

/// <summary>
/// Writes a provider's OpenAPI 3.1 document from its <see cref="OpenApiProvider"/> table: one operation per
/// (method, route) of the coverage table with every status it answers and the schema files of its bodies
/// (by relative path), request bodies, path and query parameters, security and webhooks. A method a route
/// answers only with 405 is left out (the document's description says so).
/// </summary>
internal static class OpenApiDocumentBuilder
{
    public static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true };

    public static string Text(OpenApiProvider provider) => Build(provider).ToJsonString(Indented) + "\n";

    public static JsonObject Build(OpenApiProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var table = provider.Table;
        var rows = provider.Responses.Where(r => r.Route != provider.Unmatched).ToList();
        var paths = new JsonObject();
        foreach (var route in rows.Select(r => r.Route).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var item = new JsonObject();
            var parameters = PathParameters(route);
            if (parameters.Count > 0)
            {
                item["parameters"] = parameters;
            }
            foreach (var method in Methods.Where(m => rows.Any(r => r.Route == route && r.Method == m && r.Status != 405)))
            {
                item[method.ToLowerInvariant()] = Operation(provider, method, route, [.. rows.Where(r => r.Route == route && r.Method == method)]);
            }
            paths[route] = item;
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = provider.Title,
                ["version"] = "1.0.0",
                ["description"] = provider.Description + " Every path answers a method it does not list with 405 in the provider's error body, and a path not listed here with 404. " +
                    "Generated from the simulator's schema coverage table (tests/Simulators.Contracts.Tests/OpenApi); the body schemas are the files in schemas/.",
                ["license"] = new JsonObject { ["name"] = "Proprietary API, simulated", ["identifier"] = "LicenseRef-Simulated" },
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "http://127.0.0.1:" + Port(provider.Id), ["description"] = "The simulator's default base URL; the served document names the one it answered on." }),
            ["security"] = provider.Security.DeepClone(),
            ["paths"] = paths,
            ["webhooks"] = Webhooks(provider),
            ["components"] = new JsonObject { ["securitySchemes"] = provider.SecuritySchemes.DeepClone() },
        };
    }

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    private static JsonObject Operation(OpenApiProvider provider, string method, string route, IReadOnlyList<IResponseRow> rows)
    {
        var operation = new JsonObject
        {
            ["operationId"] = OperationId(method, route),
            ["summary"] = $"{method} {route}",
        };
        var query = provider.Query.Where(q => q.Method == method && q.Route == route).ToList();
        if (query.Count > 0)
        {
            operation["parameters"] = new JsonArray([.. query.Select(q => (JsonNode)new JsonObject
            {
                ["name"] = q.Property,
                ["in"] = "query",
                ["required"] = q.Required,
                ["schema"] = new JsonObject { ["$ref"] = provider.SchemaRef(q.Schema) + "#/properties/" + q.Property },
            })]);
        }
        if (provider.Table.Requests.FirstOrDefault(r => r.Method == method && r.Route == route) is { } request)
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = !request.Optional,
                ["content"] = new JsonObject
                {
                    [request.Multipart ? "multipart/form-data" : "application/json"] = new JsonObject { ["schema"] = Ref(provider, request.Schema) },
                },
            };
        }
        if (provider.OpenRoutes.Contains(route))
        {
            operation["security"] = new JsonArray();
        }

        var responses = new JsonObject();
        foreach (var status in rows.Select(r => r.Status).Distinct().Order())
        {
            var atStatus = rows.Where(r => r.Status == status).ToList();
            var content = new JsonObject();
            var schemas = atStatus.Select(r => r.Schema).OfType<string>().Where(s => s != OpenApiProvider.Undescribed).Distinct(StringComparer.Ordinal).ToList();
            if (schemas.Count > 0)
            {
                content["application/json"] = new JsonObject
                {
                    ["schema"] = schemas.Count == 1 ? Ref(provider, schemas[0]) : new JsonObject { ["anyOf"] = new JsonArray([.. schemas.Select(s => (JsonNode)Ref(provider, s))]) },
                };
            }
            if (schemas.Count == 0 && atStatus.Any(r => r.Schema == OpenApiProvider.Undescribed))
            {
                content["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object", ["description"] = "No schema file describes this body yet." } };
            }
            if (atStatus.Any(r => r.Schema is null) && status is < 300 or >= 400)
            {
                foreach (var type in provider.BinaryMediaTypes[route])
                {
                    content[type] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["contentMediaType"] = type } };
                }
            }
            // One status with several bodies (a provider's shapes or variants) names them in the order of the table.
            var shapes = atStatus.Count > 1 ? atStatus.Select(r => r.Shape.Length == 0 ? "default" : r.Shape).Distinct(StringComparer.Ordinal).ToList() : [];
            var description = ReasonPhrases.GetReasonPhrase(status) + (shapes.Count > 1 ? $" (one of: {string.Join(", ", shapes)})" : "");
            var response = new JsonObject { ["description"] = description };
            if (status is >= 300 and < 400)
            {
                response["headers"] = new JsonObject { ["Location"] = new JsonObject { ["description"] = "Where the browser goes next.", ["schema"] = new JsonObject { ["type"] = "string" } } };
            }
            if (content.Count > 0)
            {
                response["content"] = content;
            }
            responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
        }
        operation["responses"] = responses;
        return operation;
    }

    private static JsonArray PathParameters(string route) =>
        new([.. route.Split('/').Where(s => s.StartsWith('{') && s.EndsWith('}')).Select(s => (JsonNode)new JsonObject
        {
            ["name"] = s[1..^1],
            ["in"] = "path",
            ["required"] = true,
            ["schema"] = new JsonObject { ["type"] = "string" },
        })]);

    private static JsonObject Webhooks(OpenApiProvider provider)
    {
        var webhooks = new JsonObject();
        foreach (var webhook in provider.Webhooks)
        {
            var post = new JsonObject
            {
                ["operationId"] = "webhook_" + webhook.Name.Replace('.', '_'),
                ["summary"] = webhook.Summary,
                ["description"] = webhook.Description,
                ["security"] = new JsonArray(),
            };
            if (webhook.Headers.Count > 0)
            {
                post["parameters"] = new JsonArray([.. webhook.Headers.Select(h => (JsonNode)new JsonObject
                {
                    ["name"] = h.Header,
                    ["in"] = "header",
                    ["description"] = h.Description,
                    ["schema"] = new JsonObject { ["type"] = "string" },
                })]);
            }
            post["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(provider, webhook.Schema) } },
            };
            post["responses"] = new JsonObject
            {
                ["2XX"] = new JsonObject { ["description"] = "Acknowledged: the delivery is done." },
                ["default"] = new JsonObject { ["description"] = "Any other answer, or none, is retried." },
            };
            webhooks[webhook.Name] = new JsonObject { ["post"] = post };
        }
        return webhooks;
    }

    private static JsonObject Ref(OpenApiProvider provider, string schema) => new() { ["$ref"] = provider.SchemaRef(schema) };

    private static string OperationId(string method, string route) =>
        method.ToLowerInvariant() + string.Concat(route.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => "_" + new string([.. s.Trim('{', '}').Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')])));

    private static int Port(string id) => id switch
    {
        "anycheck" => 5101,
        "verifik" => 5102,
        "advanceai" => 5103,
        _ => 5104,
    };
}
