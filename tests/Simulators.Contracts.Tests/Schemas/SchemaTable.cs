namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// A provider's coverage table as the schema coverage runner reads it: its folder under
/// <c>schemas/</c>, the schema of every response and request body, the error envelope with the
/// statuses of its codes (all to be seen but the unreachable ones) and the field that carries them, and the webhook schema.
/// </summary>
internal sealed record SchemaTable(
    string Provider,
    IReadOnlyList<IResponseRow> Responses,
    IReadOnlyList<RequestRow> Requests,
    string ErrorSchema,
    IReadOnlyDictionary<string, int[]> StatusOfCode,
    IReadOnlySet<string> UnreachableCodes,
    string WebhookSchema,
    string ErrorCodeField = "error_code");

/// <summary>
/// A row of a coverage table: a (method, route, status, shape) and the schema file its body must
/// match; a null schema marks a body that is not JSON. The shape tells apart the bodies one route and
/// status can have, in the provider's own terms.
/// </summary>
internal interface IResponseRow
{
    string Method { get; }

    string Route { get; }

    int Status { get; }

    string Shape { get; }

    string? Schema { get; }
}

/// <summary>
/// A request body schema for a (method, route). Multipart: the body is multipart/form-data, validated
/// as its form-field object. Optional: the route also accepts no body at all.
/// </summary>
internal sealed record RequestRow(string Method, string Route, string Schema, bool Multipart = false, bool Optional = false);
