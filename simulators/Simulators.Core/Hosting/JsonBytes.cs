using Microsoft.AspNetCore.Http;

namespace Simulators.Core.Hosting;

/// <summary>
/// An already-serialized JSON body (a cached view): written as is, no serializer on the request path.
/// The bytes must never change afterwards: the journal keeps a reference to them.
/// </summary>
public sealed class JsonBytes(byte[] body, int status = StatusCodes.Status200OK) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = body.Length;
        if (httpContext.Features.Get<Journal.SimulatorCallFeature>() is { } call)
        {
            call.ImmutableResponseBody = body;
        }
        return httpContext.Response.Body.WriteAsync(body).AsTask();
    }
}
