using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Simulators.Core.Hosting;
using Simulators.Core.Journal;
using Simulators.Core.Scenarios;
using Simulators.Core.Tenants;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Control;

/// <summary>
/// The back door under <c>/__simulator/</c>: health, reset, clock, scenarios, journal, webhooks,
/// credentials. Clock and reset act on the whole simulator unless the call names a tenant
/// (<c>?tenant=</c> or a <c>"tenant"</c> body field). Its JSON is camelCase.
/// </summary>
public static class ControlApi
{
    public const string Prefix = "/__simulator";

    public static RouteGroupBuilder MapSimulatorControl(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup(Prefix);
        control.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (ControlApiException error)
            {
                return Results.Json(new { error = error.Code, message = error.Message }, ControlJson.Options, statusCode: error.Status);
            }
        });

        control.MapGet("/health", (SimulatorEngine engine, ISimulatorProvider provider) =>
            Json(new { status = "ok", provider = provider.Name, time = engine.Clock.GetUtcNow() }));

        control.MapPost("/reset", async (HttpContext http, SimulatorEngine engine, ISimulatorProvider provider) =>
        {
            var tenant = TenantOf(http, await ReadBodyAsync(http));
            if (tenant is null)
            {
                engine.ResetAll();
                provider.ResetAll();
                return Json(new { reset = "all" });
            }
            engine.Tenants.Reset(tenant);
            return Json(new { reset = tenant });
        });

        MapClock(control);
        MapScenarios(control);
        MapJournal(control);
        MapWebhooks(control);

        control.MapGet("/credentials", (ISimulatorProvider provider) => Json(provider.DescribeCredentials()));

        MapSink(control);

        // The Pact verifier's state-change call: {"state", "params", "action": "setup" | "teardown"}.
        control.MapPost("/provider-states", async (HttpContext http, ISimulatorProvider provider) =>
        {
            var body = await ReadBodyAsync(http) ?? throw new ControlApiException(400, "invalid_body", "Send {\"state\", \"params\"?, \"action\"?}.");
            var state = Text(body, "state");
            if (string.IsNullOrEmpty(state))
            {
                // The verifier calls without a state for interactions that need none.
                return Json(new Dictionary<string, object?>());
            }
            var parameters = body["params"] as JsonObject ?? [];
            var action = Text(body, "action") ?? "setup";
            return Json(provider.ApplyProviderState(state, parameters, action));
        });

        app.ServiceProvider.GetRequiredService<ISimulatorProvider>().MapControl(control);
        return control;
    }

    private static void MapClock(RouteGroupBuilder control)
    {
        control.MapGet("/clock", (HttpContext http, SimulatorEngine engine) =>
            Json(DescribeClock(engine, http.Request.Query["tenant"].FirstOrDefault())));

        control.MapPost("/clock/freeze", async (HttpContext http, SimulatorEngine engine) =>
        {
            var tenant = TenantOf(http, await ReadBodyAsync(http));
            if (tenant is null)
            {
                engine.Clock.Freeze();
            }
            else
            {
                engine.Tenants.GetOrCreate(tenant).Clock.Freeze();
            }
            return Json(DescribeClock(engine, tenant));
        });

        control.MapPost("/clock/resume", async (HttpContext http, SimulatorEngine engine) =>
        {
            var tenant = TenantOf(http, await ReadBodyAsync(http));
            if (tenant is null)
            {
                engine.Clock.Resume();
            }
            else
            {
                engine.Tenants.GetOrCreate(tenant).Clock.Resume();
            }
            await engine.RunDueAsync(http.RequestAborted);
            return Json(DescribeClock(engine, tenant));
        });

        control.MapPost("/clock/advance", async (HttpContext http, SimulatorEngine engine) =>
        {
            var body = await ReadBodyAsync(http);
            var seconds = ReadSeconds(body, http);
            var tenant = TenantOf(http, body);
            var by = TimeSpan.FromSeconds(seconds);
            if (tenant is null)
            {
                engine.Clock.Advance(by);
            }
            else
            {
                engine.Tenants.GetOrCreate(tenant).Clock.Advance(by);
            }
            // Everything the jump made due happens before the call returns: a test can assert right after.
            await engine.RunDueAsync(http.RequestAborted);
            return Json(DescribeClock(engine, tenant));
        });
    }

    private static void MapScenarios(RouteGroupBuilder control)
    {
        control.MapGet("/scenarios", (ISimulatorProvider provider) => Json(new
        {
            header = ScenarioCatalog.Header,
            marker = "SIMULATOR:<NAME>",
            resolutionOrder = Enum.GetNames<ScenarioSource>(),
            items = provider.Scenarios.All.Select(s => new { name = s.Name, description = s.Description, appliesTo = s.AppliesTo }),
        }));

        control.MapGet("/outcomes", (HttpContext http, SimulatorEngine engine, ISimulatorProvider provider) =>
        {
            var tenant = TenantOf(http, null) ?? provider.DefaultTenant;
            return Json(new { tenant, queued = engine.Tenants.GetOrCreate(tenant).QueuedOutcomes });
        });

        control.MapPost("/outcomes", async (HttpContext http, SimulatorEngine engine, ISimulatorProvider provider) =>
        {
            var body = await ReadBodyAsync(http);
            var scenario = RequireScenario(provider, body);
            var tenant = TenantOf(http, body) ?? provider.DefaultTenant;
            var owner = engine.Tenants.GetOrCreate(tenant);
            var count = 1;
            if (body?["count"] is { } countNode && (countNode is not JsonValue countValue || !countValue.TryGetValue(out count) || count is < 1 or > 1000))
            {
                throw new ControlApiException(400, "invalid_body", "'count' must be a whole number from 1 to 1000.");
            }
            for (var i = 0; i < count; i++)
            {
                owner.QueueOutcome(scenario.Name);
            }
            return Results.Json(new { tenant, queued = owner.QueuedOutcomes }, ControlJson.Options, statusCode: StatusCodes.Status201Created);
        });

        control.MapDelete("/outcomes", (HttpContext http, SimulatorEngine engine, ISimulatorProvider provider) =>
        {
            var tenant = TenantOf(http, null) ?? provider.DefaultTenant;
            engine.Tenants.GetOrCreate(tenant).ClearOutcomes();
            return Results.NoContent();
        });

        control.MapPost("/jobs/{id}/outcome", async (string id, HttpContext http, SimulatorEngine engine, ISimulatorProvider provider) =>
        {
            var scenario = RequireScenario(provider, await ReadBodyAsync(http));
            var result = provider.ForceOutcome(id, scenario);
            if (result == ForceOutcomeResult.Forced)
            {
                await engine.RunDueAsync(http.RequestAborted);
            }
            return result switch
            {
                ForceOutcomeResult.Forced => Json(new { job = id, scenario = scenario.Name }),
                ForceOutcomeResult.NotFound => throw new ControlApiException(404, "not_found", $"No job {id}."),
                _ => throw new ControlApiException(400, "not_applicable", $"Scenario {scenario.Name} does not apply to job {id}."),
            };
        });
    }

    private static void MapJournal(RouteGroupBuilder control)
    {
        control.MapGet("/requests", (HttpContext http, SimulatorEngine engine) =>
        {
            var query = http.Request.Query;
            var limit = int.TryParse(query["limit"], out var l) ? Math.Clamp(l, 1, engine.Journal.Capacity) : 100;
            var method = query["method"].FirstOrDefault();
            var path = query["path"].FirstOrDefault();
            var entries = engine.Journal.Latest(query["tenant"].FirstOrDefault())
                .Where(e => method is null || e.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
                .Where(e => path is null || e.Path.StartsWith(path, StringComparison.Ordinal))
                .ToList();
            return Json(new { total = entries.Count, capacity = engine.Journal.Capacity, items = entries.Take(limit).Select(Describe) });
        });

        control.MapDelete("/requests", (SimulatorEngine engine) =>
        {
            engine.Journal.Clear();
            return Results.NoContent();
        });
    }

    private static void MapWebhooks(RouteGroupBuilder control)
    {
        control.MapGet("/webhooks", (HttpContext http, SimulatorEngine engine) =>
        {
            var subject = http.Request.Query["subject"].FirstOrDefault();
            var items = engine.Outbox.List(http.Request.Query["tenant"].FirstOrDefault())
                .Where(d => subject is null || d.Subject == subject)
                .Select(Describe).ToList();
            return Json(new { total = items.Count, items });
        });

        control.MapGet("/webhooks/{id}", (string id, SimulatorEngine engine) =>
            engine.Outbox.Find(id) is { } delivery ? Json(Describe(delivery)) : throw new ControlApiException(404, "not_found", $"No webhook delivery {id}."));

        control.MapPost("/webhooks/{id}/replay", async (string id, HttpContext http, SimulatorEngine engine) =>
        {
            var delivery = engine.Outbox.Find(id) ?? throw new ControlApiException(404, "not_found", $"No webhook delivery {id}.");
            var attempt = await engine.Outbox.ReplayAsync(delivery, http.RequestAborted);
            return Json(new { attempt = Describe(attempt), delivery = Describe(delivery) });
        });
    }

    /// <summary>
    /// A webhook receiver built in, for trying webhooks with nothing but curl: point
    /// <c>webhook_url</c> at <c>/__simulator/sink/anything</c> and read what arrived.
    /// </summary>
    private static void MapSink(RouteGroupBuilder control)
    {
        var sink = new WebhookSink();
        control.MapPost("/sink/{**name}", async (HttpContext http, SimulatorEngine engine) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            sink.Add(new
            {
                at = engine.Clock.GetUtcNow(),
                path = http.Request.Path.Value,
                headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body = Text(buffer.ToArray()),
            });
            return Results.NoContent();
        });
        control.MapGet("/sink", () => Json(new { items = sink.Latest() }));
        control.MapDelete("/sink", () =>
        {
            sink.Clear();
            return Results.NoContent();
        });
    }

    private sealed class WebhookSink
    {
        private const int Capacity = 200;
        private readonly ConcurrentQueue<object> _items = new();

        public void Add(object item)
        {
            _items.Enqueue(item);
            while (_items.Count > Capacity)
            {
                _items.TryDequeue(out _);
            }
        }

        public object[] Latest() => [.. _items.Reverse()];

        public void Clear() => _items.Clear();
    }

    /// <summary>Parses an optional JSON object body; anything else is the caller's mistake, said plainly.</summary>
    public static async Task<JsonObject?> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength is 0 or null && http.Request.Headers.TransferEncoding.Count == 0)
        {
            return null;
        }
        try
        {
            var node = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            return node switch
            {
                null => null,
                JsonObject obj => obj,
                _ => throw new ControlApiException(400, "invalid_body", "The body must be a JSON object."),
            };
        }
        catch (JsonException ex)
        {
            throw new ControlApiException(400, "invalid_body", "The body is not valid JSON: " + ex.Message);
        }
    }

    public static string? TenantOf(HttpContext http, JsonObject? body) =>
        Text(body, "tenant") ?? http.Request.Query["tenant"].FirstOrDefault();

    /// <summary>A string member of a control body, or a 400 naming it.</summary>
    public static string? Text(JsonObject? body, string name)
    {
        var node = body?[name];
        if (node is null)
        {
            return null;
        }
        return node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new ControlApiException(400, "invalid_body", $"'{name}' must be a string.");
    }

    public static IResult Json(object value) => Results.Json(value, ControlJson.Options);

    private static double ReadSeconds(JsonObject? body, HttpContext http)
    {
        var node = body?["seconds"];
        double seconds;
        if (node is JsonValue value && value.TryGetValue<double>(out var fromBody))
        {
            seconds = fromBody;
        }
        else if (node is null && double.TryParse(http.Request.Query["seconds"], out var fromQuery))
        {
            seconds = fromQuery;
        }
        else
        {
            throw new ControlApiException(400, "invalid_body", "Send {\"seconds\": <number of seconds to advance>}.");
        }
        return seconds is >= 0 and <= 10 * 365 * 24 * 3600
            ? seconds
            : throw new ControlApiException(400, "invalid_body", "'seconds' must be between 0 and ten years.");
    }

    private static Scenario RequireScenario(ISimulatorProvider provider, JsonObject? body)
    {
        var name = Text(body, "scenario") ?? throw new ControlApiException(400, "invalid_body", "Send {\"scenario\": \"<NAME>\"}; GET /__simulator/scenarios lists them.");
        return provider.Scenarios.TryGet(name, out var scenario)
            ? scenario
            : throw new ControlApiException(400, "unknown_scenario", $"Unknown scenario '{name}'; GET /__simulator/scenarios lists them.");
    }

    private static object DescribeClock(SimulatorEngine engine, string? tenantId)
    {
        if (tenantId is null)
        {
            return new { now = engine.Clock.GetUtcNow(), frozen = engine.Clock.IsFrozen };
        }
        var tenant = engine.Tenants.GetOrCreate(tenantId);
        return new { tenant = tenantId, now = tenant.Clock.GetUtcNow(), frozen = tenant.Clock.IsFrozen, offsetSeconds = tenant.Clock.Offset.TotalSeconds };
    }

    private static object Describe(JournalEntry e) => new
    {
        id = e.Id,
        at = e.At,
        tenant = e.Tenant,
        method = e.Method,
        path = e.Path,
        query = e.Query,
        headers = e.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase),
        requestBody = Text(e.RequestBody.Bytes),
        requestBodyLength = e.RequestBody.Length,
        requestBodyTruncated = e.RequestBody.Truncated,
        status = e.Status,
        responseContentType = e.ResponseContentType,
        responseBody = Text(e.ResponseBody.Bytes),
        responseBodyTruncated = e.ResponseBody.Truncated,
        durationMs = Math.Round(e.DurationMs, 3),
    };

    private static object Describe(WebhookDelivery d) => new
    {
        id = d.Id,
        tenant = d.Tenant.Id,
        @event = d.Event,
        subject = d.Subject,
        url = d.Url,
        state = d.State.ToString().ToLowerInvariant(),
        createdAt = d.CreatedAt,
        nextAttemptAt = d.NextAttemptAt,
        body = ParseOrText(d.Body),
        rawBody = Text(d.Body),
        attempts = d.Attempts.Select(Describe),
    };

    private static object Describe(WebhookAttempt a) => new
    {
        number = a.Number,
        at = a.At,
        replay = a.Replay,
        headers = a.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase),
        statusCode = a.StatusCode,
        latencyMs = a.LatencyMs,
        error = a.Error,
        responseBody = a.ResponseBody,
    };

    private static string? Text(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return null;
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return "base64:" + Convert.ToBase64String(bytes);
        }
    }

    private static object? ParseOrText(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return Text(body);
        }
    }
}

/// <summary>A control API error: <c>{"error": code, "message": ...}</c> with an HTTP status.</summary>
public sealed class ControlApiException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;
}

public static class ControlJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
