using System.Runtime.InteropServices;

namespace Simulators.Contracts.Tests.Pact;

[StructLayout(LayoutKind.Sequential)]
internal readonly struct PactHandle
{
    public readonly ushort Value;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct InteractionHandle
{
    public readonly uint Value;
}

internal enum InteractionPart
{
    Request = 0,
    Response = 1,
}

/// <summary>
/// Every call into libpact_ffi (shipped by the npm package <c>@pact-foundation/pact-core-&lt;platform&gt;</c>,
/// copied beside this assembly). Nothing else in the project touches native code.
/// </summary>
internal static partial class NativeInterop
{
    private const string Library = "pact_ffi";

    /// <summary>Pact specification V4.</summary>
    public const int SpecificationV4 = 5;

    [LibraryImport(Library, EntryPoint = "pactffi_new_pact", StringMarshalling = StringMarshalling.Utf8)]
    public static partial PactHandle NewPact(string consumer, string provider);

    [LibraryImport(Library, EntryPoint = "pactffi_with_specification")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithSpecification(PactHandle pact, int specification);

    [LibraryImport(Library, EntryPoint = "pactffi_new_interaction", StringMarshalling = StringMarshalling.Utf8)]
    public static partial InteractionHandle NewInteraction(PactHandle pact, string description);

    [LibraryImport(Library, EntryPoint = "pactffi_given", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool Given(InteractionHandle interaction, string state);

    [LibraryImport(Library, EntryPoint = "pactffi_given_with_param", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool GivenWithParam(InteractionHandle interaction, string state, string name, string value);

    [LibraryImport(Library, EntryPoint = "pactffi_upon_receiving", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool UponReceiving(InteractionHandle interaction, string description);

    [LibraryImport(Library, EntryPoint = "pactffi_with_request", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithRequest(InteractionHandle interaction, string method, string path);

    [LibraryImport(Library, EntryPoint = "pactffi_with_query_parameter_v2", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithQueryParameter(InteractionHandle interaction, string name, nuint index, string value);

    [LibraryImport(Library, EntryPoint = "pactffi_with_header_v2", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithHeader(InteractionHandle interaction, InteractionPart part, string name, nuint index, string value);

    [LibraryImport(Library, EntryPoint = "pactffi_with_body", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithBody(InteractionHandle interaction, InteractionPart part, string contentType, string body);

    [LibraryImport(Library, EntryPoint = "pactffi_with_binary_body", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithBinaryBody(InteractionHandle interaction, InteractionPart part, string contentType, byte[] body, nuint size);

    [LibraryImport(Library, EntryPoint = "pactffi_with_matching_rules", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithMatchingRules(InteractionHandle interaction, InteractionPart part, string rules);

    /// <summary>A V4 asynchronous message interaction (its contents set with <see cref="WithBody"/>, part ignored).</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_new_message_interaction", StringMarshalling = StringMarshalling.Utf8)]
    public static partial InteractionHandle NewMessageInteraction(PactHandle pact, string description);

    /// <summary>One metadata entry of a message; the value may be a matcher in the inline form.</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_with_metadata", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithMetadata(InteractionHandle interaction, string key, string value, InteractionPart part);

    /// <summary>The message as a consumer receives it (matchers replaced by their examples), as JSON; free it with <see cref="StringDelete"/>.</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_message_reify")]
    public static partial IntPtr MessageReify(InteractionHandle message);

    [LibraryImport(Library, EntryPoint = "pactffi_string_delete")]
    public static partial void StringDelete(IntPtr text);

    /// <summary>Writes (merging with <paramref name="overwrite"/> false) the pact of a handle that needs no mock server.</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_pact_handle_write_file", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PactHandleWriteFile(PactHandle pact, string directory, [MarshalAs(UnmanagedType.U1)] bool overwrite);

    [LibraryImport(Library, EntryPoint = "pactffi_response_status")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool ResponseStatus(InteractionHandle interaction, ushort status);

    [LibraryImport(Library, EntryPoint = "pactffi_create_mock_server_for_transport", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int CreateMockServerForTransport(PactHandle pact, string address, ushort port, string transport, string? transportConfig);

    [LibraryImport(Library, EntryPoint = "pactffi_mock_server_matched")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool MockServerMatched(int port);

    [LibraryImport(Library, EntryPoint = "pactffi_mock_server_mismatches")]
    public static partial IntPtr MockServerMismatches(int port);

    [LibraryImport(Library, EntryPoint = "pactffi_write_pact_file", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int WritePactFile(int port, string directory, [MarshalAs(UnmanagedType.U1)] bool overwrite);

    [LibraryImport(Library, EntryPoint = "pactffi_cleanup_mock_server")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool CleanupMockServer(int port);

    [LibraryImport(Library, EntryPoint = "pactffi_free_pact_handle")]
    public static partial uint FreePactHandle(PactHandle pact);

    public static string? MismatchesOf(int port) => Marshal.PtrToStringUTF8(MockServerMismatches(port));

    public static string? Reify(InteractionHandle message)
    {
        var text = MessageReify(message);
        if (text == IntPtr.Zero)
        {
            return null;
        }
        try
        {
            return Marshal.PtrToStringUTF8(text);
        }
        finally
        {
            StringDelete(text);
        }
    }
}
