using System.Globalization;
using System.Text;

namespace Simulators.Bench;

/// <summary>The Lua scripts wrk runs for the write and bulk sections, written to the run's temporary directory.</summary>
internal static class WrkScripts
{
    /// <summary>Counts responses with <paramref name="expected"/> status and the others; done() prints "status N: x, other: y".</summary>
    private static string StatusCounter(int expected) => $$"""
        local threads = {}

        function setup(thread)
            table.insert(threads, thread)
            thread:set("seed", #threads)
        end

        function response(status, headers, body)
            if status == {{expected}} then
                expected = expected + 1
            else
                other = other + 1
            end
        end

        function done(summary, latency, requests)
            local e, o = 0, 0
            for _, thread in ipairs(threads) do
                e = e + thread:get("expected")
                o = o + thread:get("other")
            end
            io.write(string.format("status {{expected}}: %d, other: %d\n", e, o))
        end
        """;

    /// <summary>POSTs the same JSON body on every request and checks each answer is a <paramref name="expected"/>.</summary>
    public static string Post(string directory, string name, string body, int expected = 201)
    {
        if (body.Contains("]==]", StringComparison.Ordinal))
        {
            throw new ArgumentException("The body cannot be quoted as a Lua long string.", nameof(body));
        }
        var script = $$"""
            wrk.method = "POST"
            wrk.body = [==[{{body}}]==]
            wrk.headers["Content-Type"] = "application/json"

            function init(args)
                expected = 0
                other = 0
            end

            """ + StatusCounter(expected);
        return Write(directory, name, script);
    }

    /// <summary>GETs <c>/verifications/{id}</c> for an id picked at random from <paramref name="ids"/> on every request; checks each is a 200.</summary>
    public static string RandomGet(string directory, string name, IReadOnlyList<string> ids)
    {
        var list = new StringBuilder();
        foreach (var id in ids)
        {
            list.Append("  \"").Append(id).Append("\",\n");
        }
        var script = $$"""
            local ids = {
            {{list}}}

            function init(args)
                expected = 0
                other = 0
                math.randomseed(os.time() * 100 + seed)
            end

            function request()
                return wrk.format("GET", "/verifications/" .. ids[math.random(#ids)])
            end

            """ + StatusCounter(200);
        return Write(directory, name, script);
    }

    private static string Write(string directory, string name, string script)
    {
        var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"simulators-bench-{Environment.ProcessId}-{name}.lua"));
        File.WriteAllText(path, script.Replace("\r\n", "\n", StringComparison.Ordinal));
        return path;
    }
}
