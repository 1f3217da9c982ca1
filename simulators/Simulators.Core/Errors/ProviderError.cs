using Microsoft.AspNetCore.Http;

namespace Simulators.Core.Errors;

/// <summary>One entry of a provider's error catalogue: its code (null where the provider sends none), HTTP status and default message.</summary>
public sealed record ProviderError(string? Code, int Status, string Message)
{
    /// <summary>This error, raised with another message, field problems or extra response headers.</summary>
    public ProviderException Raise(string? message = null, IReadOnlyList<FieldProblem>? fields = null, IReadOnlyDictionary<string, string>? headers = null) =>
        new(this, message ?? Message, fields, headers);
}

/// <summary>One bad field of a request, as the provider lists them (<c>errors[]</c>, <c>error_fields[]</c>).</summary>
public sealed record FieldProblem(string Field, string Message);

/// <summary>An error in the provider's own envelope, raised by a handler (or the engine) and written by the provider's <see cref="ErrorEnvelope"/>.</summary>
public sealed class ProviderException(ProviderError error, string message, IReadOnlyList<FieldProblem>? fields = null, IReadOnlyDictionary<string, string>? headers = null)
    : Exception(message)
{
    public ProviderError Error { get; } = error;

    public int Status => Error.Status;

    public IReadOnlyList<FieldProblem> Fields { get; } = fields ?? [];

    /// <summary>Headers the answer carries besides the body (<c>Retry-After</c> on a 429).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; } = headers ?? new Dictionary<string, string>();
}

/// <summary>
/// How one provider writes errors: the one place that knows its envelope. The engine uses it for
/// everything below the provider (unknown routes, wrong methods, oversize bodies, injected faults,
/// a full outbox, our own bugs) so a client only ever sees the provider's shape.
/// </summary>
public abstract class ErrorEnvelope
{
    /// <summary>
    /// The provider's nearest error for an HTTP status raised below it (routing, Kestrel), with the
    /// status to answer: usually <paramref name="status"/> itself, or the status the provider documents instead.
    /// </summary>
    public abstract ProviderError ForStatus(int status);

    /// <summary>Writes the body (status and headers are already set).</summary>
    protected abstract Task WriteBodyAsync(HttpContext http, ProviderException problem);

    /// <summary>What the provider answers when the simulator cannot take more work (the outbox is full).</summary>
    public virtual ProviderException Busy(string message) => ForStatus(StatusCodes.Status503ServiceUnavailable).Raise(message);

    /// <summary>An error for an injected fault of <paramref name="status"/>, with whatever headers the provider sends with it.</summary>
    public virtual ProviderException Fault(int status) => ForStatus(status) is var error && error.Status == status
        ? error.Raise()
        : (error with { Status = status }).Raise();

    public Task WriteAsync(HttpContext http, ProviderException error)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(error);
        http.Response.StatusCode = error.Status;
        foreach (var (name, value) in error.Headers)
        {
            http.Response.Headers[name] = value;
        }
        return WriteBodyAsync(http, error);
    }

    /// <summary>A framework-level error of <paramref name="status"/> with the engine's message.</summary>
    public Task WriteAsync(HttpContext http, int status, string message) => WriteAsync(http, ForStatus(status).Raise(message));
}
