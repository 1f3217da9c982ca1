using System.Text.Json;

namespace Simulators.Contracts.Tests.Pact;

/// <summary>
/// A narrow builder over <see cref="NativeInterop"/>, in the shape of pact-net: one pact (V4) between
/// a consumer and a provider, interactions added fluently, verified against the Pact mock server.
/// </summary>
internal sealed class PactBuilder : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly PactHandle _pact;

    public PactBuilder(string consumer, string provider)
    {
        Environment.SetEnvironmentVariable("PACT_DO_NOT_TRACK", "true");
        _pact = NativeInterop.NewPact(consumer, provider);
        Check(NativeInterop.WithSpecification(_pact, NativeInterop.SpecificationV4), "with_specification");
    }

    public InteractionBuilder UponReceiving(string description) => new(NativeInterop.NewInteraction(_pact, description), description);

    /// <summary>A V4 asynchronous message the consumer expects to receive (a webhook, a callback).</summary>
    public MessageBuilder ExpectsToReceive(string description) => new(NativeInterop.NewMessageInteraction(_pact, description));

    /// <summary>Writes a pact that holds only messages (no mock server is involved) into <paramref name="pactDirectory"/>.</summary>
    public void WriteMessages(string pactDirectory)
    {
        var written = NativeInterop.PactHandleWriteFile(_pact, pactDirectory, overwrite: false);
        if (written != 0)
        {
            throw new InvalidOperationException($"Writing the message pact to {pactDirectory} failed (error {written}).");
        }
    }

    /// <summary>Starts the Pact mock server on a free loopback port, runs the consumer against it, checks every interaction was matched, and writes the pact file.</summary>
    public async Task VerifyAsync(Func<Uri, Task> consumer, string pactDirectory)
    {
        var port = NativeInterop.CreateMockServerForTransport(_pact, "127.0.0.1", 0, "http", null);
        if (port <= 0)
        {
            throw new InvalidOperationException($"The Pact mock server did not start (error {port}).");
        }
        try
        {
            try
            {
                await consumer(new Uri($"http://127.0.0.1:{port}"));
            }
            catch (Exception ex) when (ex is not PactMismatchException && !NativeInterop.MockServerMatched(port))
            {
                throw new PactMismatchException(ex.Message + "\n" + PrettyMismatches(NativeInterop.MismatchesOf(port)), ex);
            }
            if (!NativeInterop.MockServerMatched(port))
            {
                throw new PactMismatchException(PrettyMismatches(NativeInterop.MismatchesOf(port)));
            }
            var written = NativeInterop.WritePactFile(port, pactDirectory, overwrite: false);
            if (written != 0)
            {
                throw new InvalidOperationException($"Writing the pact file to {pactDirectory} failed (error {written}).");
            }
        }
        finally
        {
            NativeInterop.CleanupMockServer(port);
        }
    }

    public void Dispose() => _ = NativeInterop.FreePactHandle(_pact);

    internal static void Check(bool ok, string call)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"pactffi_{call} was refused (is the interaction already in use by a mock server?).");
        }
    }

    private static string PrettyMismatches(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return "The mock server reports mismatches but gave no details.";
        }
        using var doc = JsonDocument.Parse(json);
        return "The consumer's requests did not match the pact:\n" + JsonSerializer.Serialize(doc.RootElement, Indented);
    }
}

internal sealed class PactMismatchException : Exception
{
    public PactMismatchException(string message)
        : base(message)
    {
    }

    public PactMismatchException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>One interaction: provider state, request, response. Bodies take Pact's inline matchers (see <see cref="Match"/>).</summary>
internal sealed class InteractionBuilder
{
    private readonly InteractionHandle _interaction;

    internal InteractionBuilder(InteractionHandle interaction, string description)
    {
        _interaction = interaction;
        PactBuilder.Check(NativeInterop.UponReceiving(interaction, description), "upon_receiving");
    }

    public InteractionBuilder Given(string state, object? parameters = null)
    {
        if (parameters is null)
        {
            PactBuilder.Check(NativeInterop.Given(_interaction, state), "given");
            return this;
        }
        foreach (var property in JsonSerializer.SerializeToElement(parameters).EnumerateObject())
        {
            PactBuilder.Check(NativeInterop.GivenWithParam(_interaction, state, property.Name, property.Value.ToString()), "given_with_param");
        }
        return this;
    }

    public InteractionBuilder WithRequest(string method, string path)
    {
        PactBuilder.Check(NativeInterop.WithRequest(_interaction, method, path), "with_request");
        return this;
    }

    /// <summary>A path whose example is <paramref name="example"/> and which matches <paramref name="regex"/>.</summary>
    public InteractionBuilder WithRequest(string method, string regex, string example) =>
        WithRequest(method, JsonSerializer.Serialize(Match.Regex(regex, example)));

    public InteractionBuilder WithQuery(string name, string value)
    {
        PactBuilder.Check(NativeInterop.WithQueryParameter(_interaction, name, 0, value), "with_query_parameter_v2");
        return this;
    }

    public InteractionBuilder WithHeader(string name, string value)
    {
        PactBuilder.Check(NativeInterop.WithHeader(_interaction, InteractionPart.Request, name, 0, value), "with_header_v2");
        return this;
    }

    public InteractionBuilder WithHeader(string name, object matcher) => WithHeader(name, JsonSerializer.Serialize(matcher));

    public InteractionBuilder WithJsonBody(object body)
    {
        PactBuilder.Check(NativeInterop.WithBody(_interaction, InteractionPart.Request, "application/json", JsonSerializer.Serialize(body)), "with_body");
        return this;
    }

    public InteractionBuilder WithBody(string contentType, string body)
    {
        PactBuilder.Check(NativeInterop.WithBody(_interaction, InteractionPart.Request, contentType, body), "with_body");
        return this;
    }

    /// <summary>
    /// A multipart/form-data request matched the way a server reads one: the Content-Type by its media
    /// type (any boundary), each part by its name, text fields by value, file parts by their content
    /// type (Pact's contentType matcher: declared type and the bytes' magic), never by boundary or bytes.
    /// </summary>
    public InteractionBuilder WithMultipartBody(string contentType, byte[] body, IReadOnlyDictionary<string, string> fileParts)
    {
        PactBuilder.Check(NativeInterop.WithBinaryBody(_interaction, InteractionPart.Request, contentType, body, (nuint)body.Length), "with_binary_body");
        WithHeader("Content-Type", Match.Regex(@"^multipart/form-data;\s*boundary=.+$", contentType));
        var rules = fileParts.ToDictionary(
            p => "$." + p.Key,
            p => (object)new { combine = "AND", matchers = new[] { new { match = "contentType", value = p.Value } } });
        PactBuilder.Check(NativeInterop.WithMatchingRules(_interaction, InteractionPart.Request, JsonSerializer.Serialize(new { body = rules })), "with_matching_rules");
        return this;
    }

    public InteractionBuilder WillRespondWith(int status)
    {
        PactBuilder.Check(NativeInterop.ResponseStatus(_interaction, (ushort)status), "response_status");
        return this;
    }

    public InteractionBuilder WithResponseHeader(string name, object matcherOrValue)
    {
        var value = matcherOrValue as string ?? JsonSerializer.Serialize(matcherOrValue);
        PactBuilder.Check(NativeInterop.WithHeader(_interaction, InteractionPart.Response, name, 0, value), "with_header_v2");
        return this;
    }

    public InteractionBuilder WithResponseJsonBody(object body)
    {
        PactBuilder.Check(NativeInterop.WithBody(_interaction, InteractionPart.Response, "application/json", JsonSerializer.Serialize(body)), "with_body");
        return this;
    }
}

/// <summary>One asynchronous message: provider states, JSON contents with inline matchers, metadata (values or matchers).</summary>
internal sealed class MessageBuilder
{
    private readonly InteractionHandle _message;

    internal MessageBuilder(InteractionHandle message) => _message = message;

    public MessageBuilder Given(string state)
    {
        PactBuilder.Check(NativeInterop.Given(_message, state), "given");
        return this;
    }

    public MessageBuilder WithJsonContents(object body)
    {
        PactBuilder.Check(NativeInterop.WithBody(_message, InteractionPart.Request, "application/json", JsonSerializer.Serialize(body)), "with_body");
        return this;
    }

    public MessageBuilder WithMetadata(string key, object valueOrMatcher)
    {
        var value = valueOrMatcher as string ?? JsonSerializer.Serialize(valueOrMatcher);
        PactBuilder.Check(NativeInterop.WithMetadata(_message, key, value, InteractionPart.Request), "with_metadata");
        return this;
    }

    /// <summary>The message as the consumer's handler receives it in its test: <c>{"contents", "metadata"}</c> with the examples filled in.</summary>
    public JsonElement Reify()
    {
        var json = NativeInterop.Reify(_message) ?? throw new InvalidOperationException("pactffi_message_reify returned nothing.");
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}

/// <summary>Pact matchers in the FFI's inline form (<c>{"pact:matcher:type": ..., "value": ...}</c>).</summary>
internal static class Match
{
    public const string Uuid = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    /// <summary>Same JSON type as the example.</summary>
    public static Dictionary<string, object?> Type(object? example) => new() { ["pact:matcher:type"] = "type", ["value"] = example };

    public static Dictionary<string, object?> Regex(string regex, string example) =>
        new() { ["pact:matcher:type"] = "regex", ["regex"] = regex, ["value"] = example };

    public static Dictionary<string, object?> UuidLike(string example) => Regex(Uuid, example);

    /// <summary>A UTC timestamp with whole seconds, as AnyCheck writes them (Pact's date-time matcher).</summary>
    public static Dictionary<string, object?> TimestampLike(string example) =>
        new() { ["pact:matcher:type"] = "datetime", ["format"] = "yyyy-MM-dd'T'HH:mm:ss'Z'", ["value"] = example };

    public static Dictionary<string, object?> Integer(long example) => new() { ["pact:matcher:type"] = "integer", ["value"] = example };

    public static Dictionary<string, object?> Decimal(double example) => new() { ["pact:matcher:type"] = "number", ["value"] = example };

    /// <summary>An array of at least <paramref name="min"/> items, each like <paramref name="template"/>.</summary>
    public static Dictionary<string, object?> EachLike(object template, int min = 1) =>
        new() { ["pact:matcher:type"] = "type", ["value"] = new[] { template }, ["min"] = min };

    /// <summary>A JSON object with any keys, each value matching <paramref name="valueMatcher"/> (e.g. free-form metadata).</summary>
    public static Dictionary<string, object?> EachValue(Dictionary<string, object?> valueMatcher, object example) =>
        new() { ["pact:matcher:type"] = "each-value", ["value"] = example, ["rules"] = new[] { valueMatcher } };

    /// <summary>
    /// <paramref name="matcher"/> (a regex, integer or type matcher), its value replaced at verification by
    /// <paramref name="expression"/> (e.g. <c>${token}</c>) filled from what the provider-state setup answered:
    /// values only the provider can make now (a token, a timestamp and its signature).
    /// </summary>
    public static Dictionary<string, object?> FromProviderState(string expression, Dictionary<string, object?> matcher) =>
        new(matcher) { ["pact:generator:type"] = "ProviderState", ["expression"] = expression };

    /// <summary>Null in the example; the provider may send null (checked by the JSON Schemas for non-null values).</summary>
    public static object? Null => null;
}
