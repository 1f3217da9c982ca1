using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Simulators.Contracts.Tests.Provider;

/// <summary>
/// The official <c>pact stub</c> serving one committed pact on a loopback port, as a consumer team runs it,
/// with provider states selectable per request by the <see cref="StateHeader"/> header.
/// </summary>
internal sealed partial class PactStub : IAsyncDisposable
{
    public const string StateHeader = "X-Pact-State";

    private readonly Process _process;

    private PactStub(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public static async Task<PactStub> StartAsync(string pactFile)
    {
        var start = PactTools.StartInfo(["stub", "--file", pactFile, "--port", "0", "--loglevel", "info", "--provider-state-header-name", StateHeader]);
        var process = Process.Start(start)!;
        var port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        void Read(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }
            lock (output)
            {
                output.AppendLine(e.Data);
            }
            if (StartedOnPort().Match(e.Data) is { Success: true } started)
            {
                port.TrySetResult(int.Parse(started.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        process.OutputDataReceived += Read;
        process.ErrorDataReceived += Read;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var finished = await Task.WhenAny(port.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
        if (finished != port.Task)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            lock (output)
            {
                throw new InvalidOperationException("pact stub did not start:\n" + output);
            }
        }
        return new PactStub(process, new Uri($"http://127.0.0.1:{await port.Task}"));
    }

    public HttpClient Client(string? state = null)
    {
        var client = new HttpClient { BaseAddress = BaseUri };
        if (state is not null)
        {
            client.DefaultRequestHeaders.Add(StateHeader, state);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"Server started on port (\d+)")]
    private static partial Regex StartedOnPort();
}
