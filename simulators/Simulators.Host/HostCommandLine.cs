using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Microsoft.AspNetCore.Http;
using Simulators.Core.Hosting;
using Simulators.Core.State;

namespace Simulators.Host;

/// <summary>What the host was asked to run: each simulator's URLs, the store, and configuration for every app.</summary>
internal sealed record HostSettings(
    IReadOnlyList<(SimulatorModule Module, IReadOnlyList<string> Urls)> Simulators,
    string Store,
    bool LogRequests,
    IReadOnlyDictionary<string, string?> Configuration,
    bool Exposed = false,
    bool TokenGenerated = false,
    IReadOnlyList<string>? ConsoleUrls = null,
    RequestLogFormat LogFormat = RequestLogFormat.Text);

/// <summary>The outcome of reading the command line: help to print, a usage error, or what to run.</summary>
internal abstract record HostParse
{
    internal sealed record Help(ParseResult Result) : HostParse;

    internal sealed record Usage(string Message) : HostParse;

    internal sealed record Run(HostSettings Settings) : HostParse;

    /// <summary><c>--health-check</c>: probe what these settings would serve, start nothing.</summary>
    internal sealed record HealthCheck(HostSettings Settings) : HostParse;
}

/// <summary>
/// The host's own options (System.CommandLine), plus any provider or engine option written
/// <c>--&lt;Section&gt;:&lt;Key&gt;=&lt;value&gt;</c>. Those are taken out before parsing because
/// their names are open-ended; everything else must be an option the host knows.
/// </summary>
internal sealed class HostCommandLine
{
    private const string Prefix = "SIMULATORS_";

    private readonly IReadOnlyList<SimulatorModule> _modules;
    private readonly RootCommand _root;
    private readonly HelpOption _help;
    private readonly Option<string> _bind;
    private readonly Option<string> _store;
    private readonly Option<bool> _logRequests;
    private readonly Option<string> _logFormat;
    private readonly Option<bool> _healthCheck;
    private readonly Option<string?> _controlToken;
    private readonly Option<string?> _allowOutbound;
    private readonly List<(SimulatorModule Module, Option<string?> Option)> _urls = [];
    private readonly Option<string?> _consoleUrls;
    private readonly string[] _sections;

    public HostCommandLine(IReadOnlyList<SimulatorModule> modules)
    {
        _modules = modules;
        _sections = [.. modules.Select(m => m.DisplayName), "Journal", "Webhooks", "Logging", "Sandbox", "Limits"];

        _bind = new Option<string>("--bind")
        {
            Description = $"Address every simulator listens on unless its own --<id>-urls says otherwise (0.0.0.0 in containers). Env {Prefix}BIND.",
            HelpName = "address",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(Prefix + "BIND") ?? "127.0.0.1",
        };
        _store = new Option<string>("--store", "--Store")
        {
            Description = $"Where state is kept: {StoreFactory.Usage}. With sqlite every simulator shares the file, each in its own scope, and state survives a restart. Env {Prefix}STORE.",
            HelpName = "memory|sqlite:path",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(Prefix + "STORE") ?? "memory",
        };
        _logRequests = new Option<bool>("--log-requests")
        {
            Description = $"One line per request on standard output (also --Logging:Requests=true). Env {Prefix}LOG_REQUESTS=true.",
            DefaultValueFactory = _ => bool.TryParse(Environment.GetEnvironmentVariable(Prefix + "LOG_REQUESTS"), out var on) && on,
        };
        _logFormat = new Option<string>("--log-format")
        {
            Description = $"How request lines are written: text, or json (one object per line: time, service, method, path, query, status, durationMs, tenant; the engine's own logs as JSON too). Env {Prefix}LOG_FORMAT.",
            HelpName = "text|json",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(Prefix + "LOG_FORMAT") ?? "",
        };
        _healthCheck = new Option<bool>("--health-check")
        {
            Description = "Start nothing: ask every simulator and the console these settings would serve for /__simulator/health on loopback, and exit 0 when all answer ok, 1 otherwise (the container's HEALTHCHECK).",
        };

        _controlToken = new Option<string?>("--control-token")
        {
            Description = $"Token required on /__simulator/* (Authorization: Bearer or X-Simulator-Token), at least 16 characters. Required, and generated when not given, once any simulator listens beyond loopback. Env {Prefix}CONTROL_TOKEN.",
            HelpName = "token",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(Prefix + "CONTROL_TOKEN"),
        };
        _allowOutbound = new Option<string?>("--allow-outbound")
        {
            Description = $"Hosts or CIDR ranges the simulators may call although private or loopback (webhooks, callbacks, image URLs), ',' between several. Link-local and cloud-metadata addresses are never called. Env {Prefix}ALLOW_OUTBOUND.",
            HelpName = "host|cidr,...",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(Prefix + "ALLOW_OUTBOUND"),
        };

        _root = new RootCommand("Serves the eKYC provider simulators, each on its own port, with the control API under /__simulator/.")
        {
            _bind,
        };
        foreach (var module in modules)
        {
            var option = new Option<string?>($"--{module.Id}-urls")
            {
                Description = $"URLs {module.DisplayName} listens on, ';' between several, or '{Off}' to leave it out. Default http://<bind>:{module.DefaultPort}. Env {UrlsVariable(module.Id)}.",
                HelpName = "urls",
            };
            _urls.Add((module, option));
            _root.Add(option);
        }
        _consoleUrls = new Option<string?>("--console-urls")
        {
            Description = $"URLs the QA console listens on, ';' between several, or '{Off}' to leave it out. Default http://<bind>:{SandboxConsole.ConsoleApplication.DefaultPort}. Env {UrlsVariable("console")}.",
            HelpName = "urls",
        };
        _root.Add(_consoleUrls);
        _root.Add(_store);
        _root.Add(_logRequests);
        _root.Add(_logFormat);
        _root.Add(_healthCheck);
        _root.Add(_controlToken);
        _root.Add(_allowOutbound);

        _help = _root.Options.OfType<HelpOption>().Single();
        _help.Action = new HelpWithConfiguration((HelpAction)_help.Action!, ConfigurationHelp());
    }

    public HostParse Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var configuration = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var (rest, configurationError) = TakeConfiguration(args, configuration);

        // Response files (@file) would let a token in from elsewhere; the command line is all there is.
        var result = _root.Parse(rest, new ParserConfiguration { ResponseFileTokenReplacer = null });
        // Help wins over anything else on the line, and starts nothing.
        if (result.GetResult(_help) is not null)
        {
            return new HostParse.Help(result);
        }
        if (configurationError is not null)
        {
            return new HostParse.Usage(configurationError);
        }
        if (result.Errors.Count > 0)
        {
            return new HostParse.Usage(result.Errors[0].Message);
        }

        var bind = result.GetValue(_bind)!.Trim();
        if (bind.Length == 0)
        {
            return new HostParse.Usage("--bind needs an address.");
        }
        if (bind.Contains(':', StringComparison.Ordinal) && !bind.StartsWith('['))
        {
            bind = $"[{bind}]";
        }

        var store = result.GetValue(_store)!.Trim();
        if (StoreFactory.Check(store) is { } storeError)
        {
            return new HostParse.Usage($"--store: {storeError}.");
        }
        configuration["Store"] = store;

        var simulators = new List<(SimulatorModule, IReadOnlyList<string>)>();
        foreach (var (module, option) in _urls)
        {
            switch (ListenUrls(result, option, module.Id, $"http://{bind}:{module.DefaultPort}"))
            {
                case { Error: { } error }:
                    return new HostParse.Usage(error);
                case { Urls: { } urls }:
                    simulators.Add((module, urls));
                    break;
            }
        }
        if (simulators.Count == 0)
        {
            return new HostParse.Usage($"every simulator is '{Off}': at least one must run.");
        }
        var console = ListenUrls(result, _consoleUrls, "console", $"http://{bind}:{SandboxConsole.ConsoleApplication.DefaultPort}");
        if (console.Error is { } consoleError)
        {
            return new HostParse.Usage(consoleError);
        }

        var exposed = simulators.SelectMany(s => s.Item2).Concat(console.Urls ?? []).Any(url => !IsLoopback(BindingAddress.Parse(url).Host));
        var token = result.GetValue(_controlToken)?.Trim();
        var generated = false;
        if (string.IsNullOrEmpty(token) && configuration.TryGetValue("Sandbox:ControlToken", out var configured) && !string.IsNullOrEmpty(configured))
        {
            token = configured;
        }
        if (!string.IsNullOrEmpty(token) && token.Length < 16)
        {
            return new HostParse.Usage("--control-token must be at least 16 characters.");
        }
        if (string.IsNullOrEmpty(token) && exposed)
        {
            token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            generated = true;
        }
        if (!string.IsNullOrEmpty(token))
        {
            configuration["Sandbox:ControlToken"] = token;
        }
        if (result.GetValue(_allowOutbound) is { Length: > 0 } allow)
        {
            configuration["Sandbox:AllowOutbound"] = allow;
        }
        configuration["Sandbox:Exposed"] = exposed ? "true" : "false";

        var formatText = result.GetValue(_logFormat) is { Length: > 0 } given ? given : configuration.GetValueOrDefault("Logging:Format") ?? "text";
        if (RequestLog.Parse(formatText) is not { } format)
        {
            return new HostParse.Usage($"--log-format: '{formatText}' is neither text nor json.");
        }
        configuration["Logging:Format"] = format.ToString().ToLowerInvariant();

        // --log-requests or --Logging:Requests=true: one answer for the simulators and the console alike.
        var logRequests = result.GetValue(_logRequests) || (bool.TryParse(configuration.GetValueOrDefault("Logging:Requests"), out var on) && on);
        var settings = new HostSettings(simulators, store, logRequests, configuration, exposed, generated, console.Urls, format);
        return result.GetValue(_healthCheck) ? new HostParse.HealthCheck(settings) : new HostParse.Run(settings);
    }

    /// <summary>What an <c>--&lt;id&gt;-urls</c> option (or its variable) says: the URLs, none for <c>off</c>, or why it is wrong.</summary>
    private static (IReadOnlyList<string>? Urls, string? Error) ListenUrls(ParseResult result, Option<string?> option, string id, string fallback)
    {
        var given = result.GetValue(option) ?? Environment.GetEnvironmentVariable(UrlsVariable(id));
        if (given is not null && given.Trim().Equals(Off, StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }
        var urls = (given ?? fallback).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0)
        {
            return (null, $"{option.Name} needs at least one URL, or '{Off}'.");
        }
        if (urls.FirstOrDefault(url => !IsListenUrl(url)) is { } bad)
        {
            return (null, $"{option.Name}: '{bad}' is not a URL to listen on (http://<host>:<port>), nor '{Off}'.");
        }
        return (urls, null);
    }

    /// <summary>Moves every <c>--Section:Key=value</c> (or <c>--Section:Key value</c>) into <paramref name="configuration"/>; returns the other tokens.</summary>
    private (List<string> Tokens, string? Error) TakeConfiguration(IReadOnlyList<string> args, Dictionary<string, string?> configuration)
    {
        var rest = new List<string>(args.Count);
        string? error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? token : token[..equals];
            // --store:memory is System.CommandLine's own spelling of --store memory.
            if (!token.StartsWith("--", StringComparison.Ordinal) || !name.Contains(':', StringComparison.Ordinal) || IsHostOption(name[..name.IndexOf(':', StringComparison.Ordinal)]))
            {
                rest.Add(token);
                continue;
            }
            var key = name[2..];
            string? value;
            if (equals >= 0)
            {
                value = token[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith('-'))
            {
                value = args[++i];
            }
            else
            {
                error ??= $"'{token}' needs a value: {token}=<value> or {token} <value>.";
                continue;
            }
            error ??= CheckKey(token, key);
            configuration[key] = value;
        }
        return (rest, error);
    }

    private bool IsHostOption(string name) => _root.Options.Any(o => o.Name == name || o.Aliases.Contains(name));

    private string? CheckKey(string token, string key)
    {
        var parts = key.Split(':');
        if (parts.Any(p => p.Length == 0 || p.Any(char.IsWhiteSpace)))
        {
            return $"'{token}' is not an option: write --<Section>:<Key>=<value>.";
        }
        if (parts[0].Equals("Store", StringComparison.OrdinalIgnoreCase))
        {
            return $"'{token}': Store is a single setting, not a section; use --store {StoreFactory.Usage}.";
        }
        if (!_sections.Contains(parts[0], StringComparer.OrdinalIgnoreCase))
        {
            return $"'{token}': unknown section '{parts[0]}' (known: {string.Join(", ", _sections)}).";
        }
        return null;
    }

    /// <summary>Whether a listen host is loopback only (127.0.0.0/8, ::1, localhost); anything else, 0.0.0.0 included, is exposed.</summary>
    internal static bool IsLoopback(string host)
    {
        var bare = host.Trim('[', ']');
        if (bare.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return System.Net.IPAddress.TryParse(bare, out var address) && System.Net.IPAddress.IsLoopback(address);
    }

    private static bool IsListenUrl(string url)
    {
        try
        {
            var address = BindingAddress.Parse(url);
            return address.Scheme is "http" or "https" && address.Host.Length > 0 && !address.IsUnixPipe && !address.IsNamedPipe;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>What an <c>--&lt;id&gt;-urls</c> option takes to leave that simulator (or the console) out.</summary>
    public const string Off = "off";

    private static string UrlsVariable(string id) => $"{Prefix}{id.ToUpperInvariant()}_URLS";

    private string ConfigurationHelp() => $"""
        Provider and engine options:
          --<Section>:<Key>=<value>, --<Section>:<Key> <value>
              Any option of a simulator or of the engine, passed as configuration to every simulator,
              e.g. --{_modules[0].DisplayName}:FinishedAfterSeconds=10, --Journal:Capacity=500, --Webhooks:MaxPending=1000.
              Sections: {string.Join(", ", _sections)}. An unknown key or a value that does not convert stops the host.

        Exit codes: 0 stopped by Ctrl+C or SIGTERM (or help), 1 could not start (e.g. a port in use), 2 bad command line or option.
        """;

    /// <summary>The standard help, then how provider options are written (they are not System.CommandLine options).</summary>
    private sealed class HelpWithConfiguration(HelpAction standard, string configurationHelp) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            standard.Invoke(parseResult);
            parseResult.InvocationConfiguration.Output.WriteLine(configurationHelp);
            return 0;
        }
    }
}
