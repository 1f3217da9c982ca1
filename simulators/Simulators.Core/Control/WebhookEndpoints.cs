using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Hosting;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Control;

internal static class WebhookEndpoints
{
    public static void MapWebhooks(this RouteGroupBuilder control)
    {
        control.MapGet("/webhooks", async (HttpContext http, WebhookOutbox outbox) =>
        {
            var items = (await outbox.ListAsync((await ControlRequest.TenantAsync(http, null)), http.Request.Query["subject"].FirstOrDefault(), http.RequestAborted))
                .Select(ControlViews.Delivery).ToList();
            return ControlRequest.Json(new ListView<DeliveryView>(items.Count, items));
        }).TenantScoped();

        control.MapGet("/webhooks/{id}", async (string id, HttpContext http, WebhookOutbox outbox) =>
            await outbox.FindAsync(id, (await ControlRequest.TenantAsync(http, null)), http.RequestAborted) is { } delivery
                ? ControlRequest.Json(ControlViews.Delivery(delivery))
                : throw ControlApiException.NotFound($"No webhook delivery {id}.")).TenantScoped();

        control.MapPost("/webhooks/{id}/replay", async (string id, HttpContext http, SimulatorEngine engine, WebhookOutbox outbox) =>
        {
            var tenant = await ControlRequest.TenantAsync(http, await ControlRequest.ReadBodyAsync(http));
            var found = await outbox.FindAsync(id, tenant, http.RequestAborted) ?? throw ControlApiException.NotFound($"No webhook delivery {id}.");
            var now = (await engine.Tenants.FindAsync(found.Tenant, http.RequestAborted)).Now;
            var replayed = await outbox.ReplayAsync(found.Tenant, id, now, http.RequestAborted) ?? throw ControlApiException.NotFound($"No webhook delivery {id}.");
            var stored = await outbox.FindAsync(id, found.Tenant, http.RequestAborted) ?? throw ControlApiException.NotFound($"No webhook delivery {id}.");
            return ControlRequest.Json(new ReplayView(ControlViews.Attempt(replayed.Attempt), ControlViews.Delivery(stored)));
        }).TenantScoped();
    }

    /// <summary>
    /// A webhook receiver built in, for trying webhooks with nothing but curl: point
    /// <c>webhook_url</c> at <c>/__simulator/sink/anything</c> and read what arrived.
    /// </summary>
    public static void MapSink(this RouteGroupBuilder control)
    {
        control.MapPost("/sink/{**name}", async (HttpContext http, SimulatorEngine engine, WebhookSink sink) =>
        {
            // Keep the first bytes; count the rest (the body is bounded by Limits:ControlBodyBytes).
            var kept = new byte[sink.BodyBytes];
            var held = 0;
            long length = 0;
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                var take = Math.Min(read, kept.Length - held);
                chunk.AsSpan(0, take).CopyTo(kept.AsSpan(held));
                held += take;
                length += read;
            }
            sink.Add(new SinkItem(
                engine.Clock.GetUtcNow(),
                http.Request.Path.Value ?? "",
                http.Request.Headers.ToDictionary(h => h.Key, h => ControlViews.IsSecretHeader(h.Key) ? Journal.SecretMasker.Mask(h.Value.ToString()) : h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                ControlViews.Text(kept.AsSpan(0, held).ToArray()),
                length,
                length > held));
            return Results.NoContent();
        }).WithMetadata(new OpenControlAttribute());
        control.MapGet("/sink", (WebhookSink sink) => ControlRequest.Json(new { items = sink.Latest() }));
        control.MapDelete("/sink", (WebhookSink sink) =>
        {
            sink.Clear();
            return Results.NoContent();
        });
    }
}

/// <summary>A webhook the built-in receiver got: its first bytes (<see cref="Truncated"/> when there were more) and its whole length.</summary>
public sealed record SinkItem(DateTimeOffset At, string Path, IReadOnlyDictionary<string, string> Headers, string? Body, long Length = 0, bool Truncated = false);

/// <summary>What the built-in receiver got: the latest <see cref="LimitsSettings.SinkEntries"/> webhooks, newest first, bodies up to <see cref="LimitsSettings.SinkBodyBytes"/>.</summary>
public sealed class WebhookSink(LimitsSettings limits)
{
    private readonly ConcurrentQueue<SinkItem> _items = new();

    public int BodyBytes => limits.SinkBodyBytes;

    public void Add(SinkItem item)
    {
        _items.Enqueue(item);
        while (_items.Count > limits.SinkEntries)
        {
            _items.TryDequeue(out _);
        }
    }

    public IReadOnlyList<SinkItem> Latest() => [.. _items.Reverse()];

    public void Clear() => _items.Clear();
}
