using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Simulators.Conformance;

/// <summary>One route a simulator registered: its pattern and the methods it answers.</summary>
public sealed record DiscoveredRoute(RoutePattern Pattern, IReadOnlyList<string> Methods)
{
    public const string ControlPrefix = "/__simulator";

    /// <summary>The pattern as registered, e.g. <c>/verifications/{id}</c>.</summary>
    public string Template => Pattern.RawText ?? "/";

    public bool IsControl => Template.StartsWith(ControlPrefix, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<string> Parameters => Pattern.Parameters.Select(p => p.Name);

    /// <summary>The path with each parameter's text from <paramref name="valueOf"/>, put in as it is (escape it first).</summary>
    public string Path(Func<string, string> valueOf)
    {
        ArgumentNullException.ThrowIfNull(valueOf);
        var segments = Pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => valueOf(parameter.Name),
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }

    public override string ToString() => $"{string.Join('|', Methods)} {Template}";

    /// <summary>Every route of the app as its endpoint data source lists them, one entry per pattern with all its methods.</summary>
    public static IReadOnlyList<DiscoveredRoute> Of(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .GroupBy(e => e.RoutePattern.RawText ?? "/", StringComparer.Ordinal)
            .Select(g => new DiscoveredRoute(
                g.First().RoutePattern,
                // An endpoint without method metadata answers any method: GET and POST stand for them.
                [.. g.SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : [HttpMethods.Get, HttpMethods.Post]).Distinct(StringComparer.OrdinalIgnoreCase)]))
            .OrderBy(r => r.Template, StringComparer.Ordinal)];
}
