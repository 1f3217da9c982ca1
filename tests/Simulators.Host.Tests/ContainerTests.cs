using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using YamlDotNet.RepresentationModel;

namespace Simulators.Host.Tests;

/// <summary>
/// The QA sandbox's container, without a docker engine: the Dockerfile is read and its entrypoint and
/// health check run natively with the image's environment, and docker-compose.yml is validated by
/// Debian's <c>docker-compose config</c> (scripts/install-docker-compose.sh installs it).
/// </summary>
public sealed partial class ContainerTests
{
    private static readonly int[] SandboxPorts = [5100, 5101, 5102, 5103, 5104];

    private static readonly string Root = FindRoot();

    private static readonly Dockerfile Image = Dockerfile.Read(Path.Combine(Root, "Dockerfile"));

    [Fact]
    public void Dockerfile_RestoreLayer_CopiesEveryProjectTheHostBuildsFromAndNothingElse()
    {
        var build = Image.Stages[0];
        var restoreAt = build.FindIndex(i => i.Keyword == "RUN" && i.Argument.Contains("dotnet restore", StringComparison.Ordinal));
        restoreAt.Should().BePositive("the build stage restores before it copies the sources");
        var beforeRestore = build.Take(restoreAt).Where(i => i.Keyword == "COPY").SelectMany(i => i.Sources).ToList();

        beforeRestore.Should().Contain(["Directory.Build.props", "Directory.Packages.props"]);
        beforeRestore.Where(s => s.EndsWith(".csproj", StringComparison.Ordinal)).Should().BeEquivalentTo(ProjectClosure("simulators/Simulators.Host/Simulators.Host.csproj"),
            "the restore layer holds the host's projects, so a new project reference breaks the image build here first");
        beforeRestore.Should().OnlyContain(s => s.EndsWith(".csproj", StringComparison.Ordinal) || s.EndsWith(".props", StringComparison.Ordinal),
            "only project files come before the restore, or every code change would restore again");
        build.Skip(restoreAt).Should().Contain(i => i.Keyword == "RUN" && i.Argument.Contains("--no-restore", StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerfile_EveryCopiedPath_ExistsAndIsNotIgnored()
    {
        var ignored = File.ReadAllLines(Path.Combine(Root, ".dockerignore")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        foreach (var source in Image.Stages.SelectMany(s => s).Where(i => i.Keyword == "COPY" && !i.Argument.StartsWith("--from", StringComparison.Ordinal)).SelectMany(i => i.Sources))
        {
            Path.Exists(Path.Combine(Root, source)).Should().BeTrue($"COPY {source} needs it in the build context");
            ignored.Should().NotContain(source.TrimEnd('/'), $"COPY {source} is excluded by .dockerignore");
        }
        // Files a project takes from outside its folder (Core embeds the fixtures) must be copied too, or the image would not compile.
        var copied = Image.Stages[0].Where(i => i.Keyword == "COPY").SelectMany(i => i.Sources).ToList();
        foreach (var project in ProjectClosure("simulators/Simulators.Host/Simulators.Host.csproj"))
        {
            var folder = Path.GetDirectoryName(Path.Combine(Root, project))!;
            foreach (var include in XDocument.Load(Path.Combine(Root, project)).Descendants().Where(e => e.Name.LocalName != "ProjectReference")
                .Select(e => e.Attribute("Include")?.Value).OfType<string>().SelectMany(v => v.Split(';')).Where(v => v.StartsWith("..", StringComparison.Ordinal)))
            {
                var path = Path.GetRelativePath(Root, Path.GetFullPath(Path.Combine(folder, include.Replace('\\', '/')))).Replace('\\', '/');
                copied.Should().Contain(c => c.EndsWith('/') && path.StartsWith(c, StringComparison.Ordinal), $"{project} includes {path}");
            }
        }
        copied.Should().Contain("fixtures/");
    }

    [Fact]
    public void Dockerfile_Runtime_RunsUnprivilegedWithItsDataOnAVolumeEveryPortExposedAndAHealthCheck()
    {
        var runtime = Image.Stages[^1];
        runtime.Single(i => i.Keyword == "FROM").Argument.Should().StartWith("mcr.microsoft.com/dotnet/aspnet:10.0", "the runtime stage carries no SDK");
        var user = runtime.Last(i => i.Keyword == "USER").Argument;
        user.Should().NotBe("root").And.NotBe("0");
        runtime.FindLastIndex(i => i.Keyword == "USER").Should().BeGreaterThan(runtime.FindLastIndex(i => i.Keyword is "RUN" or "COPY"), "nothing runs as root after USER");

        Image.Exposed.Should().BeEquivalentTo(SandboxPorts, "the console and the four simulators each have their port");
        var store = Image.Environment["SIMULATORS_STORE"];
        store.Should().StartWith("sqlite:/data/");
        runtime.Should().Contain(i => i.Keyword == "VOLUME" && i.Argument == "/data");
        runtime.Should().Contain(i => i.Keyword == "RUN" && i.Argument.Contains("chown", StringComparison.Ordinal) && i.Argument.Contains("/data", StringComparison.Ordinal),
            "the unprivileged user must be able to write the store");
        Image.Environment["SIMULATORS_BIND"].Should().Be("0.0.0.0");
        Image.Environment["SIMULATORS_LOG_REQUESTS"].Should().Be("true");
        Image.Environment["SIMULATORS_LOG_FORMAT"].Should().Be("json");
        Image.HealthCheck.Should().Equal("dotnet", "Simulators.Host.dll", "--health-check");
        Image.Entrypoint.Take(2).Should().Equal("dotnet", "Simulators.Host.dll");
    }

    [Fact]
    public async Task Entrypoint_RunNativelyWithTheImagesEnvironment_ServesEveryPortLogsJsonKeepsStateAndPassesItsHealthCheck()
    {
        using var data = new TempFolder();
        var environment = ImageEnvironment(data.Path);
        using (var host = HostProcess.Start(Image.Entrypoint.Skip(2), environment))
        {
            await host.WaitForOutputAsync(lines => lines.Any(l => l.StartsWith("Store ", StringComparison.Ordinal)), "the banner");
            host.Stdout.Should().Contain(l => l.StartsWith("Store ", StringComparison.Ordinal) && l.Contains("survives a restart", StringComparison.Ordinal));
            host.Stdout.Should().Contain(l => l.StartsWith("Console ", StringComparison.Ordinal) && l.Contains(environment["SIMULATORS_CONSOLE_URLS"], StringComparison.Ordinal));

            using var http = new HttpClient { Timeout = HostProcess.Timeout };
            foreach (var (name, url) in environment.Where(e => e.Key.EndsWith("_URLS", StringComparison.Ordinal)))
            {
                using var health = await http.GetAsync(new Uri(url + "/__simulator/health"));
                health.StatusCode.Should().Be(HttpStatusCode.OK, name);
            }
            var anycheck = environment["SIMULATORS_ANYCHECK_URLS"];
            using (var login = await http.PostAsJsonAsync(new Uri(anycheck + "/auth/login"), new { email = "qa@example.com", password = "sandbox" }))
            {
                login.StatusCode.Should().Be(HttpStatusCode.OK);
            }
            using (var page = await http.GetAsync(new Uri(environment["SIMULATORS_CONSOLE_URLS"] + "/")))
            {
                page.StatusCode.Should().Be(HttpStatusCode.OK);
            }

            // Every request of the test is one JSON line; the console's page asked each simulator for its health too.
            await host.WaitForOutputAsync(lines => lines.Any(l => l.Contains("\"service\":\"console\"", StringComparison.Ordinal)), "the console's line");
            var logged = Logged(host);
            var loginLine = logged.Single(l => l.GetProperty("path").GetString() == "/auth/login");
            loginLine.GetProperty("service").GetString().Should().Be("anycheck");
            loginLine.GetProperty("method").GetString().Should().Be("POST");
            loginLine.GetProperty("status").GetInt32().Should().Be(200);
            loginLine.GetProperty("durationMs").GetDouble().Should().BeGreaterThan(0);
            loginLine.GetProperty("tenant").GetString().Should().NotBeNullOrEmpty();
            DateTimeOffset.Parse(loginLine.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture).Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(2));
            logged.Should().Contain(l => l.GetProperty("service").GetString() == "console" && l.GetProperty("path").GetString() == "/");
            var healthLines = logged.Count(l => l.GetProperty("path").GetString() == "/__simulator/health");
            healthLines.Should().BeGreaterThanOrEqualTo(SandboxPorts.Length);

            var check = HostProcess.Start(Image.HealthCheck.Skip(2), environment);
            (await check.WaitForExitAsync()).Should().Be(0, check.Describe());
            check.Stdout.Where(l => l.StartsWith("ok ", StringComparison.Ordinal)).Should().HaveCount(SandboxPorts.Length, check.Describe());
            check.Dispose();

            // The probes are not logged: a request after them is, and no health line came in between.
            using (var marker = await http.GetAsync(new Uri(anycheck + "/__simulator/clock")))
            {
                marker.StatusCode.Should().Be(HttpStatusCode.OK);
            }
            await host.WaitForOutputAsync(lines => lines.Any(l => l.Contains("\"/__simulator/clock\"", StringComparison.Ordinal)), "the marker's line");
            Logged(host).Count(l => l.GetProperty("path").GetString() == "/__simulator/health").Should().Be(healthLines, "the health check's probes are not logged");

            (await host.KillAsync()).Should().NotBe(0);
        }

        // The health check of a stopped container fails, naming what did not answer.
        var failing = HostProcess.Start(Image.HealthCheck.Skip(2), environment);
        (await failing.WaitForExitAsync()).Should().Be(1);
        failing.Stderr.Should().Contain(l => l.StartsWith("FAIL AnyCheck", StringComparison.Ordinal));
        failing.Dispose();

        // The volume's file holds the state: the tenant the login made is there after the restart.
        File.Exists(Path.Combine(data.Path, "simulators.db")).Should().BeTrue();
        using var again = HostProcess.Start(Image.Entrypoint.Skip(2), environment);
        await again.WaitForOutputAsync(lines => lines.Any(l => l.StartsWith("Store ", StringComparison.Ordinal)), "the banner");
        using var client = new HttpClient { Timeout = HostProcess.Timeout };
        var tenants = await client.GetFromJsonAsync<JsonElement>(new Uri(environment["SIMULATORS_ANYCHECK_URLS"] + "/__simulator/tenants"));
        tenants.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("tenant").GetString()).Should().Contain("qa@example.com");
    }

    [Fact]
    public async Task Compose_Config_PublishesEveryPortMountsTheStoreOnAVolumeAndAnswersOnTheProvidersHostNames()
    {
        var (code, output, error) = await ComposeAsync(Root, "--profile", "qa-app", "config");
        code.Should().Be(0, error);
        var config = new YamlStream();
        config.Load(new StringReader(output));
        var root = (YamlMappingNode)config.Documents[0].RootNode;
        var services = Map(root, "services");
        var simulators = Map(services, "simulators");

        Map(simulators, "build").Children[new YamlScalarNode("context")].ToString().Should().Be(Root);
        Seq(simulators, "ports").Cast<YamlMappingNode>().Select(p => (Published: int.Parse(p["published"].ToString(), System.Globalization.CultureInfo.InvariantCulture), Target: int.Parse(p["target"].ToString(), System.Globalization.CultureInfo.InvariantCulture)))
            .Should().BeEquivalentTo(Image.Exposed.Select(p => (Published: p, Target: p)), "every port the image exposes is published on the same number");

        var environment = Map(simulators, "environment").Children.ToDictionary(e => e.Key.ToString(), e => e.Value.ToString());
        var store = environment.GetValueOrDefault("SIMULATORS_STORE") ?? Image.Environment["SIMULATORS_STORE"];
        var volume = Seq(simulators, "volumes").Single().ToString().Split(':');
        volume[0].Should().Be("sandbox-data");
        Map(root, "volumes").Children.Keys.Select(k => k.ToString()).Should().Contain("sandbox-data", "a named volume outlives the container");
        store.Should().StartWith($"sqlite:{volume[1]}/", "the store is on the volume");
        environment["SIMULATORS_LOG_FORMAT"].Should().Be("json");

        var aliases = Seq(Map(Map(simulators, "networks"), "sandbox"), "aliases").Select(a => a.ToString()).ToList();
        aliases.Should().Contain(["api.anycheck.ai", "api.verifik.co", "sg-api.advance.ai", "api.verihubs.com"]);
        environment["SIMULATORS_ALLOW_OUTBOUND"].Split(',').Should().Contain("qa-app", "the QA app's webhooks and callbacks are allowed");

        var app = Map(services, "qa-app");
        Seq(app, "profiles").Select(p => p.ToString()).Should().Equal("qa-app");
        Map(Map(app, "depends_on"), "simulators").Children[new YamlScalarNode("condition")].ToString().Should().Be("service_healthy");
        var ports = new Dictionary<string, int> { ["ANYCHECK"] = 5101, ["VERIFIK"] = 5102, ["ADVANCE_AI"] = 5103, ["VERIHUBS"] = 5104 };
        foreach (var (name, value) in Map(app, "environment").Children.Select(e => (e.Key.ToString(), e.Value.ToString())))
        {
            var url = new Uri(value);
            aliases.Should().Contain(url.Host, name);
            url.Port.Should().Be(ports[name.Replace("_BASE_URL", "", StringComparison.Ordinal)], name);
        }
    }

    [Fact]
    public async Task Compose_Config_WithAControlTokenFromTheEnvironment_PassesItToTheSimulators()
    {
        var (code, output, error) = await ComposeAsync(Root, new Dictionary<string, string> { ["SIMULATORS_CONTROL_TOKEN"] = "qa-token-0123456789" }, "config");

        code.Should().Be(0, error);
        output.Should().Contain("SIMULATORS_CONTROL_TOKEN: qa-token-0123456789");
    }

    [Fact]
    public async Task Compose_Config_OfABrokenFile_IsRefused()
    {
        using var folder = new TempFolder();
        var broken = File.ReadAllText(Path.Combine(Root, "docker-compose.yml")).Replace("    ports:", "    portz:", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder.Path, "docker-compose.yml"), broken);

        var (code, _, error) = await ComposeAsync(folder.Path, "config");

        code.Should().NotBe(0);
        error.Should().Contain("portz");
    }

    private static List<JsonElement> Logged(HostProcess host) =>
        [.. host.Stdout.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement)];

    /// <summary>The image's environment for a native run: its variables, with the listen address on loopback, free ports and /data in a temporary folder.</summary>
    private static Dictionary<string, string> ImageEnvironment(string data)
    {
        var environment = Image.Environment.ToDictionary();
        environment["SIMULATORS_BIND"] = "127.0.0.1";
        environment["SIMULATORS_STORE"] = environment["SIMULATORS_STORE"].Replace("/data/", data + "/", StringComparison.Ordinal);
        foreach (var id in new[] { "console", "anycheck", "verifik", "advanceai", "verihubs" })
        {
            environment[$"SIMULATORS_{id.ToUpperInvariant()}_URLS"] = $"http://127.0.0.1:{HostProcess.FreePort()}";
        }
        return environment;
    }

    private static Task<(int Code, string Output, string Error)> ComposeAsync(string folder, params string[] args) =>
        ComposeAsync(folder, new Dictionary<string, string>(), args);

    private static async Task<(int Code, string Output, string Error)> ComposeAsync(string folder, IReadOnlyDictionary<string, string> variables, params string[] args)
    {
        const string compose = "/usr/bin/docker-compose";
        File.Exists(compose).Should().BeTrue("scripts/install-docker-compose.sh (run by scripts/test.sh) installs Debian's docker-compose");
        var start = new ProcessStartInfo(compose)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--file");
        start.ArgumentList.Add(Path.Combine(folder, "docker-compose.yml"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // Only what the test sets reaches the file's ${...}: nothing of the machine running the tests.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("SIMULATORS_", StringComparison.Ordinal) || k.StartsWith("QA_APP_", StringComparison.Ordinal) || k.StartsWith("COMPOSE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static YamlSequenceNode Seq(YamlMappingNode node, string key) => (YamlSequenceNode)node.Children[new YamlScalarNode(key)];

    /// <summary>The project files a project builds from: itself and every project it references, transitively, relative to the root.</summary>
    private static IReadOnlyList<string> ProjectClosure(string project)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next))
            {
                continue;
            }
            var folder = Path.GetDirectoryName(Path.Combine(Root, next))!;
            foreach (var reference in XDocument.Load(Path.Combine(Root, next)).Descendants("ProjectReference"))
            {
                var path = Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Root, path).Replace('\\', '/'));
            }
        }
        return [.. seen];
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Simulators.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("Simulators.sln not found above the test binaries.");
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("sandbox-data-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    /// <summary>A Dockerfile read as its instructions (continuation lines joined), per stage.</summary>
    private sealed partial record Dockerfile(IReadOnlyList<List<Instruction>> Stages)
    {
        public IReadOnlyDictionary<string, string> Environment => Stages[^1].Where(i => i.Keyword == "ENV")
            .SelectMany(i => EnvPair().Matches(i.Argument).Select(m => (m.Groups["name"].Value, m.Groups["value"].Value)))
            .ToDictionary(p => p.Item1, p => p.Item2);

        public IReadOnlyList<int> Exposed => [.. Stages[^1].Where(i => i.Keyword == "EXPOSE").SelectMany(i => i.Argument.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse)];

        public IReadOnlyList<string> Entrypoint => ExecForm(Stages[^1].Single(i => i.Keyword == "ENTRYPOINT").Argument);

        public IReadOnlyList<string> HealthCheck
        {
            get
            {
                var argument = Stages[^1].Single(i => i.Keyword == "HEALTHCHECK").Argument;
                var cmd = argument.IndexOf("CMD ", StringComparison.Ordinal);
                cmd.Should().BeGreaterThan(-1, "HEALTHCHECK runs a command");
                return ExecForm(argument[(cmd + 4)..]);
            }
        }

        public static Dockerfile Read(string path)
        {
            var stages = new List<List<Instruction>>();
            var logical = new List<string>();
            var current = "";
            foreach (var raw in File.ReadAllLines(path))
            {
                var line = raw.Trim();
                if (current.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
                {
                    continue;
                }
                current += line.EndsWith('\\') ? line[..^1] + " " : line;
                if (!line.EndsWith('\\'))
                {
                    logical.Add(current);
                    current = "";
                }
            }
            foreach (var line in logical)
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                var instruction = new Instruction(line[..space].ToUpperInvariant(), line[(space + 1)..].Trim());
                if (instruction.Keyword == "FROM")
                {
                    stages.Add([]);
                }
                stages[^1].Add(instruction);
            }
            return new Dockerfile(stages);
        }

        // The exec form only: a shell form would need a shell the test does not emulate.
        private static string[] ExecForm(string argument) => JsonSerializer.Deserialize<string[]>(argument)!;

        [GeneratedRegex("""(?<name>[A-Z_][A-Z0-9_]*)=(?<value>\S+)""")]
        private static partial Regex EnvPair();
    }

    private sealed record Instruction(string Keyword, string Argument)
    {
        /// <summary>A COPY's sources: every word but the flags and the destination.</summary>
        public IReadOnlyList<string> Sources => Keyword == "COPY"
            ? [.. Argument.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).SkipLast(1)]
            : [];
    }
}
