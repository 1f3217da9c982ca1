using Microsoft.AspNetCore.Http;

namespace Simulators.Verihubs;

/// <summary>An already-serialized JSON body (a cached KTP result): written as is, no serializer on the path.</summary>
internal sealed class JsonBytes(byte[] body, int status = StatusCodes.Status200OK) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = body.Length;
        return httpContext.Response.Body.WriteAsync(body).AsTask();
    }
}
