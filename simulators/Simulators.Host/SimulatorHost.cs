using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Simulators.Core.Hosting;
using Simulators.Core.State;

namespace Simulators.Host;

internal static class ExitCodes
{
    public const int Stopped = 0;
    public const int StartFailed = 1;
    public const int Usage = 2;
}

/// <summary>
/// Builds one app per simulator, checks every app's options before any port is taken, starts them,
/// and stops them all together. Start-up problems are one line on standard error, not a stack trace.
/// </summary>
internal static class SimulatorHost
{
    public static async Task<int> RunAsync(HostSettings settings)
    {
        var apps = new List<(SimulatorModule Module, WebApplication App, IReadOnlyList<string> Urls)>();
        var started = new List<WebApplication>();
        WebApplication? consoleApp = null;
        // A failed start is reported here in one line; the host's own log of it is a stack trace.
        var starting = true;
        void QuietStart(WebApplicationBuilder builder)
        {
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level => level >= LogLevel.Warning && !Volatile.Read(ref starting));
            if (settings.LogFormat == RequestLogFormat.Json)
            {
                // A log collector reads the engine's own warnings in the same form as the request lines.
                builder.Logging.ClearProviders();
                builder.Logging.AddJsonConsole(json => json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ");
                builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.JsonConsoleFormatterOptions>(json => json.UseUtcTimestamp = true);
            }
        }
        try
        {
            try
            {
                foreach (var (module, urls) in settings.Simulators)
                {
                    var app = SimulatorApplication.Build(module, new SimulatorAppSettings
                    {
                        Configuration = settings.Configuration,
                        LogRequests = settings.LogRequests,
                        LogFormat = settings.LogFormat,
                    }, QuietStart);
                    apps.Add((module, app, urls));
                    foreach (var url in urls)
                    {
                        app.Urls.Add(url);
                    }
                }
                if (settings.ConsoleUrls is { } consoleUrls)
                {
                    consoleApp = SandboxConsole.ConsoleApplication.Build(new SandboxConsole.ConsoleSettings
                    {
                        Simulators = [.. apps.Select(a => new SandboxConsole.ConsoleTarget(a.Module.Id, a.Module.Title, new Uri(BaseUrl(a.Urls[0]) + "/")))],
                        ControlToken = settings.Configuration.TryGetValue("Sandbox:ControlToken", out var token) && !string.IsNullOrEmpty(token) ? token : null,
                    }, QuietStart);
                    foreach (var url in consoleUrls)
                    {
                        consoleApp.Urls.Add(url);
                    }
                    if (settings.LogRequests)
                    {
                        consoleApp.UseRequestLog("console", settings.LogFormat);
                    }
                }
                // What ValidateOnStart would refuse inside StartAsync, refused before anything listens.
                foreach (var (_, app, _) in apps)
                {
                    app.Services.GetService<IStartupValidator>()?.Validate();
                }
            }
            catch (OptionsValidationException ex)
            {
                return Fail(ExitCodes.Usage, string.Join("; ", ex.Failures));
            }
            catch (InvalidOperationException ex) when (NamedKey(ex, settings.Configuration) is { } key)
            {
                return Fail(ExitCodes.Usage, $"--{key}={settings.Configuration[key]}: {OneLine(ex.Message)}");
            }
            catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
            {
                // A value from the environment (e.g. AnyCheck__FinishedAfterSeconds) rather than the command line.
                return Fail(ExitCodes.Usage, OneLine(ex.Message));
            }

            foreach (var (module, app, urls) in apps)
            {
                try
                {
                    await app.StartAsync();
                    started.Add(app);
                }
                catch (IOException ex) when (IsAddressInUse(ex))
                {
                    return Fail(ExitCodes.StartFailed, $"{module.DisplayName} cannot listen on {InUse(ex, urls)}: the port is already in use.");
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException)
                {
                    return Fail(ExitCodes.StartFailed, $"{module.DisplayName} did not start: {OneLine(ex.Message)}");
                }
            }

            if (consoleApp is not null)
            {
                try
                {
                    await consoleApp.StartAsync();
                    started.Add(consoleApp);
                }
                catch (IOException ex) when (IsAddressInUse(ex))
                {
                    return Fail(ExitCodes.StartFailed, $"The console cannot listen on {InUse(ex, settings.ConsoleUrls!)}: the port is already in use.");
                }
            }

            Volatile.Write(ref starting, false);
            PrintBanner(apps, settings);
            await WhenAnyStopsAsync(started);
            return ExitCodes.Stopped;
        }
        finally
        {
            foreach (var app in started)
            {
                await app.StopAsync();
            }
            foreach (var (_, app, _) in apps)
            {
                await app.DisposeAsync();
            }
            if (consoleApp is not null)
            {
                await consoleApp.DisposeAsync();
            }
        }
    }

    private static void PrintBanner(List<(SimulatorModule Module, WebApplication App, IReadOnlyList<string> Urls)> apps, HostSettings settings)
    {
        Console.WriteLine("eKYC provider simulators are running. Ctrl+C stops them.");
        foreach (var (_, app, urls) in apps)
        {
            Console.WriteLine();
            foreach (var line in app.Services.GetRequiredService<ModuleDefinition>().BannerLines(app.Services, BaseUrl(urls[0])))
            {
                Console.WriteLine(line);
            }
        }
        if (settings.ConsoleUrls is { } console)
        {
            Console.WriteLine();
            Console.WriteLine($"Console    {BaseUrl(console[0])}/  (jobs, journal, webhooks, clock, faults, outcomes in the browser)");
        }
        Console.WriteLine();
        var store = apps[0].App.Services.GetRequiredService<IStateStore>().Info;
        Console.WriteLine(store.Durable
            ? $"Store      {store.Description} (every simulator in its own scope; state survives a restart)"
            : $"Store      {store.Description} (state is lost when the host stops; --store sqlite:<path> keeps it)");
        if (settings.TokenGenerated)
        {
            Console.WriteLine($"Control   /__simulator/* needs this token (generated; --control-token chooses one): {settings.Configuration["Sandbox:ControlToken"]}");
            Console.WriteLine("          send Authorization: Bearer <token> or X-Simulator-Token: <token>; a tenant's own credential drives that tenant.");
        }
        else if (settings.Configuration.TryGetValue("Sandbox:ControlToken", out var token) && !string.IsNullOrEmpty(token))
        {
            Console.WriteLine("Control   /__simulator/* needs the control token given (Authorization: Bearer or X-Simulator-Token), or a tenant's own credential.");
        }
        if (settings.LogRequests)
        {
            Console.WriteLine("Requests are logged below, one line each.");
        }
        Console.WriteLine();
    }

    private static async Task WhenAnyStopsAsync(IEnumerable<WebApplication> apps)
    {
        // Ctrl+C and SIGTERM reach every app's lifetime; one app stopping for any reason stops the host.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(
            apps.Select(app => app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping).ToArray());
        var stopped = new TaskCompletionSource();
        using (stopping.Token.Register(() => stopped.TrySetResult()))
        {
            await stopped.Task;
        }
    }

    /// <summary>Where a client reaches a simulator listening on <paramref name="url"/> (all interfaces → loopback).</summary>
    internal static string BaseUrl(string url)
    {
        var address = BindingAddress.Parse(url);
        var host = address.Host is "0.0.0.0" or "*" or "+" or "[::]" ? "127.0.0.1" : address.Host;
        return $"{address.Scheme}://{host}:{address.Port}{address.PathBase}";
    }

    private static bool IsAddressInUse(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is AddressInUseException || (e is SocketException socket && socket.SocketErrorCode == SocketError.AddressAlreadyInUse))
            {
                return true;
            }
        }
        return false;
    }

    private static string InUse(IOException ex, IReadOnlyList<string> urls) =>
        urls.Select(BindingAddress.Parse).FirstOrDefault(a => ex.Message.Contains($":{a.Port}", StringComparison.Ordinal)) is { } address
            ? $"port {address.Port} ({address})"
            : $"port {string.Join(", ", urls.Select(u => BindingAddress.Parse(u).Port))} ({string.Join(";", urls)})";

    /// <summary>The command-line key a binder error is about, when it is one of them.</summary>
    private static string? NamedKey(InvalidOperationException ex, IReadOnlyDictionary<string, string?> configuration) =>
        configuration.Keys.Where(key => ex.Message.Contains($"'{key}'", StringComparison.OrdinalIgnoreCase)).MaxBy(key => key.Length);

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return code;
    }
}
