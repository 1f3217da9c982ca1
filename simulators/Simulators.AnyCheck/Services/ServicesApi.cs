using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.AnyCheck.Auth;

namespace Simulators.AnyCheck.Services;

internal sealed record ServiceCategory(Guid Id, string Name, string Type);

internal sealed record Service(
    Guid Id,
    ServiceCategory Category,
    string Code,
    string Name,
    string? Description,
    string? IconFileUrl,
    int CreditCostDefault,
    string ActionType,
    JsonElement ActionParam,
    bool IsEnabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Guid CreatedBy,
    Guid UpdatedBy);

/// <summary>
/// The service catalogue. The docs show no full catalogue, so the simulator seeds the one KTP
/// service its verifications support, with the id from the docs' own example.
/// </summary>
internal static class ServicesApi
{
    public static readonly Guid KtpServiceId = Guid.Parse("3fc8b757-57d3-4607-998c-9bfbc4efa6cf");

    /// <summary>The name a verification's embedded <c>service</c> shows (the docs' example differs from the catalogue name).</summary>
    public const string KtpServiceShortName = "KTP & PEP";

    private static readonly Guid SystemUser = Guid.Parse("00000000-0000-4000-8000-000000000001");
    private static readonly DateTimeOffset Seeded = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<Service> Catalogue { get; } =
    [
        new(
            KtpServiceId,
            new ServiceCategory(Guid.Parse("9b2f4f0e-5c1a-4d7e-8a3b-1f6c2d9e0a11"), "Document Verification", "DOCUMENT_VERIFICATION"),
            "KTP_VERIFICATION",
            "KTP & PEP Verification",
            "KTP OCR with PEP screening (KTP_PEP) or KTP and selfie face match (KTP_SELFIE).",
            null,
            10,
            "WEBVIEW",
            JsonDocument.Parse("{}").RootElement,
            true,
            Seeded,
            Seeded,
            SystemUser,
            SystemUser),
    ];

    public static Service? Find(Guid id) => Catalogue.FirstOrDefault(s => s.Id == id);

    public static void MapServices(this IEndpointRouteBuilder app)
    {
        app.MapGet("/services", (Caller caller) =>
            TypedResults.Json(new ListOf<Service>(Catalogue.Count, Catalogue), AnyCheckJson.Wire.ListOfService));

        app.MapGet("/services/{id}", (string id, Caller caller) =>
        {
            var service = Find(AnyCheckRequest.PathId(id, "service")) ?? throw AnyCheckErrors.NotFound.Raise($"Service {id} was not found.");
            return TypedResults.Json(service, AnyCheckJson.Wire.Service);
        });
    }
}
