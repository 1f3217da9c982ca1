using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Simulators.Core.Scenarios;

namespace Simulators.Core.Hosting;

/// <summary>
/// Whatever goes wrong, a client gets the provider's own error shape: provider errors as raised,
/// framework rejections (unknown route, wrong method, body too large) mapped to the nearest
/// provider error, and our own bugs as the provider's 500, logged.
/// </summary>
internal sealed class ProviderErrorMiddleware(RequestDelegate next, ISimulatorProvider provider, ILogger<ProviderErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > SimulatorApplication.MaxRequestBytes)
        {
            // Kestrel enforces this too; the in-process TestServer does not.
            await provider.WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, "The request body is larger than the simulator accepts.");
            return;
        }
        try
        {
            await next(context);
            if (context.Response.StatusCode is 404 or 405 && !context.Response.HasStarted && context.Response.ContentLength is null)
            {
                var status = context.Response.StatusCode;
                await provider.WriteErrorAsync(context, status, status == 404
                    ? $"No {provider.Name} endpoint matches {context.Request.Method} {context.Request.Path}."
                    : $"{context.Request.Method} is not allowed on {context.Request.Path}.");
            }
        }
        catch (ProviderErrorException error) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await error.WriteAsync(context);
        }
        catch (ScenarioRejectedException rejected) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await provider.WriteErrorAsync(context, StatusCodes.Status400BadRequest, rejected.Message);
        }
        catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await provider.WriteErrorAsync(context, bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "The request body is larger than the simulator accepts."
                : "The request could not be read: " + bad.Message);
        }
        catch (InvalidDataException tooLarge) when (!context.Response.HasStarted)
        {
            // Multipart limits surface as InvalidDataException.
            context.Response.Clear();
            await provider.WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, tooLarge.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
        {
            logger.LogError(ex, "Simulator bug on {Method} {Path}", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            await provider.WriteErrorAsync(context, StatusCodes.Status500InternalServerError,
                "The simulator failed: " + ex.GetType().Name + ". This is a simulator bug; the log has the details.");
        }
    }
}
