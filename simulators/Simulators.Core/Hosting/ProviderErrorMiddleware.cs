using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Simulators.Core.Errors;
using Simulators.Core.Faults;
using Simulators.Core.Journal;
using Simulators.Core.Scenarios;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Hosting;

/// <summary>
/// Whatever goes wrong, a client gets the provider's own error shape: provider errors as raised,
/// framework rejections (unknown route, wrong method, body too large) mapped to the nearest
/// provider error, injected faults, a full outbox, and our own bugs as the provider's 500, logged.
/// </summary>
internal sealed class ProviderErrorMiddleware(RequestDelegate next, ErrorEnvelope envelope, ModuleDefinition module, ILogger<ProviderErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(Control.ControlApi.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            await ControlAsync(context);
            return;
        }
        if (context.Request.ContentLength is { } length && length > BodyLimitMiddleware.Of(context))
        {
            // Kestrel enforces this too; the in-process TestServer does not.
            await envelope.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "The request body is larger than the simulator accepts.");
            return;
        }
        try
        {
            await next(context);
            if (context.Response.StatusCode is 404 or 405 && !context.Response.HasStarted && context.Response.ContentLength is null)
            {
                var status = context.Response.StatusCode;
                await envelope.WriteAsync(context, status, status == 404
                    ? $"No {module.Module.DisplayName} endpoint matches {context.Request.Method} {context.Request.Path}."
                    : $"{context.Request.Method} is not allowed on {context.Request.Path}.");
            }
        }
        catch (FaultResetException)
        {
            // The connection is gone on purpose: nothing to write.
        }
        catch (ProviderException error) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await envelope.WriteAsync(context, error);
        }
        catch (ScenarioRejectedException rejected) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await envelope.WriteAsync(context, StatusCodes.Status400BadRequest, rejected.Message);
        }
        catch (OutboxFullException full) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await envelope.WriteAsync(context, envelope.Busy(full.Message));
        }
        catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await envelope.WriteAsync(context, bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "The request body is larger than the simulator accepts."
                : "The request could not be read: " + bad.Message);
        }
        catch (InvalidDataException tooLarge) when (!context.Response.HasStarted && tooLarge.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            // Multipart limits surface as InvalidDataException.
            context.Response.Clear();
            await envelope.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, tooLarge.Message);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            // A malformed body (multipart boundaries, a form that ends early): the client's mistake.
            context.Response.Clear();
            await envelope.WriteAsync(context, StatusCodes.Status400BadRequest, "The request body could not be read: " + ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
        {
            logger.LogError(ex, "Simulator bug on {Method} {Path}", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            await envelope.WriteAsync(context, StatusCodes.Status500InternalServerError,
                "The simulator failed: " + ex.GetType().Name + ". This is a simulator bug; the log has the details.");
        }
    }

    /// <summary>
    /// The control API's own shape, <c>{"error","message"}</c>, for what its endpoints do not answer
    /// themselves: an unknown control route, a wrong method, a body the server could not read, our bugs.
    /// </summary>
    private async Task ControlAsync(HttpContext context)
    {
        try
        {
            await next(context);
            if (context.Response.StatusCode is 404 or 405 && !context.Response.HasStarted && context.Response.ContentLength is null)
            {
                await WriteControlAsync(context, context.Response.StatusCode, context.Response.StatusCode == 404
                    ? ("not_found", $"No control endpoint matches {context.Request.Method} {context.Request.Path}; see the README's Control API table.")
                    : ("method_not_allowed", $"{context.Request.Method} is not allowed on {context.Request.Path}."));
            }
        }
        catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
        {
            await WriteControlAsync(context, bad.StatusCode, (bad.StatusCode == StatusCodes.Status408RequestTimeout ? "request_timeout" : "invalid_body", "The request could not be read: " + bad.Message));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            await WriteControlAsync(context, StatusCodes.Status400BadRequest, ("invalid_body", "The request body could not be read: " + ex.Message));
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
        {
            logger.LogError(ex, "Simulator bug on {Method} {Path}", context.Request.Method, context.Request.Path);
            await WriteControlAsync(context, StatusCodes.Status500InternalServerError,
                ("internal_error", "The simulator failed: " + ex.GetType().Name + ". This is a simulator bug; the log has the details."));
        }
    }

    private static Task WriteControlAsync(HttpContext context, int status, (string Error, string Message) problem)
    {
        context.Response.Clear();
        return Results.Json(new { error = problem.Error, message = problem.Message }, Control.ControlJson.Options, statusCode: status).ExecuteAsync(context);
    }
}

/// <summary>Applies the fault rules to provider calls: those for every call here, a tenant's once the provider knows the tenant.</summary>
internal sealed class FaultMiddleware(RequestDelegate next, FaultRegistry faults, ErrorEnvelope envelope)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (faults.IsEmpty || context.Request.Path.StartsWithSegments(Control.ControlApi.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        var call = context.Features.Get<SimulatorCallFeature>();
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        await ApplyAsync(faults.Fire(method, path, tenant: null));
        if (call is not null)
        {
            call.OnTenant = tenant => ApplyAsync(faults.Fire(method, path, tenant));
        }
        await next(context);

        async ValueTask ApplyAsync(FaultRule? rule)
        {
            if (rule is null)
            {
                return;
            }
            if (call is not null)
            {
                call.Fault = rule.Id;
            }
            await faults.SaveAsync(rule, context.RequestAborted);
            if (rule.LatencyMs is { } latency)
            {
                // A fault is wall time on purpose: it stands for a slow network, not for the provider's lifecycle.
                await Task.Delay(latency, context.RequestAborted);
            }
            else if (rule.Status is { } status)
            {
                throw envelope.Fault(status);
            }
            else if (rule.Reset)
            {
                context.Abort();
                throw new FaultResetException();
            }
            else if (call is not null)
            {
                call.Truncate = true;
            }
        }
    }
}

/// <summary>A reset fault dropped the connection: the rest of the call is abandoned.</summary>
internal sealed class FaultResetException() : Exception("The connection was reset by a fault rule.");
