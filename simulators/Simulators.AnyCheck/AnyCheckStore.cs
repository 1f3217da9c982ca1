using System.Text.Json;
using System.Text.Json.Serialization;
using Simulators.AnyCheck.Auth;
using Simulators.AnyCheck.Folders;
using Simulators.AnyCheck.Uploads;
using Simulators.AnyCheck.Verifications;
using Simulators.Core.State;

namespace Simulators.AnyCheck;

/// <summary>A tenant's (one group's) balance: what AnyCheck keeps per group besides its records.</summary>
internal sealed record GroupAccount(int Credits);

/// <summary>
/// Everything AnyCheck stores, as typed record sets: credentials and signing keys simulator-wide,
/// a group's files, folders, verifications and balance under its tenant. Handlers reach state only here.
/// </summary>
internal sealed class AnyCheckStore(IStateStore store)
{
    public static readonly RecordSet<Account> AccountSet = new("anycheck.account", AnyCheckStoreJson.Default.Account);
    public static readonly RecordSet<ApiKeyRecord> ApiKeySet = new("anycheck.api-key", AnyCheckStoreJson.Default.ApiKeyRecord);
    public static readonly RecordSet<SigningKey> SigningKeySet = new("anycheck.signing-key", AnyCheckStoreJson.Default.SigningKey);
    public static readonly RecordSet<RefreshToken> RefreshTokenSet = new("anycheck.refresh-token", AnyCheckStoreJson.Default.RefreshToken);
    public static readonly RecordSet<MarkedToken> ExpiredTokenSet = new("anycheck.expired-token", AnyCheckStoreJson.Default.MarkedToken);
    public static readonly RecordSet<GroupAccount> GroupSet = new("anycheck.group", AnyCheckStoreJson.Default.GroupAccount);
    public static readonly RecordSet<StoredFile> FileSet = new("anycheck.file", AnyCheckStoreJson.Default.StoredFile, ("path", f => f.Path));
    public static readonly RecordSet<FolderRecord> FolderSet = new("anycheck.folder", AnyCheckStoreJson.Default.FolderRecord);
    public static readonly RecordSet<ForeignFolder> ForeignFolderSet = new("anycheck.foreign-folder", AnyCheckStoreJson.Default.ForeignFolder);
    public static readonly RecordSet<FolderName> FolderNameSet = new("anycheck.folder-name", AnyCheckStoreJson.Default.FolderName);
    public static readonly RecordSet<VerificationRecord> VerificationSet = new(
        "anycheck.verification",
        AnyCheckStoreJson.Default.VerificationRecord,
        // A result or output id derived from the verification's own id needs no entry: it leads back to the verification.
        ("result", v => v.ResultId == VerificationRecord.ResultIdFor(v.Id) ? null : v.ResultId.ToString()),
        ("folder", v => v.FolderId.ToString()),
        ("output", v => v.OutputFileId == VerificationRecord.OutputIdFor(v.Id) ? null : v.OutputFileId.ToString()));

    public const string GroupId = "group";

    public IStateStore Raw { get; } = store;

    public Records<Account> Accounts => new(Raw, AccountSet);

    public Records<ApiKeyRecord> ApiKeys => new(Raw, ApiKeySet);

    public Records<SigningKey> SigningKeys => new(Raw, SigningKeySet);

    public Records<RefreshToken> RefreshTokens => new(Raw, RefreshTokenSet);

    public Records<MarkedToken> ExpiredTokens => new(Raw, ExpiredTokenSet);

    /// <summary>One record per tenant, id <see cref="GroupId"/>.</summary>
    public Records<GroupAccount> Groups => new(Raw, GroupSet);

    public Records<StoredFile> Files => new(Raw, FileSet);

    public Records<FolderRecord> Folders => new(Raw, FolderSet);

    /// <summary>Folder names taken in a group (id: the name in lower case), so two concurrent creates cannot both take one.</summary>
    public Records<FolderName> FolderNames => new(Raw, FolderNameSet);

    public Records<VerificationRecord> Verifications => new(Raw, VerificationSet);

    /// <summary>Folders of other groups this tenant knows the id of (seeded by the control API): using one is 403 <c>FORBIDDEN</c>.</summary>
    public Records<ForeignFolder> ForeignFolders => new(Raw, ForeignFolderSet);
}

/// <summary>How AnyCheck's records are stored (not its wire format: timestamps keep their precision).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Account))]
[JsonSerializable(typeof(ApiKeyRecord))]
[JsonSerializable(typeof(SigningKey))]
[JsonSerializable(typeof(RefreshToken))]
[JsonSerializable(typeof(MarkedToken))]
[JsonSerializable(typeof(GroupAccount))]
[JsonSerializable(typeof(StoredFile))]
[JsonSerializable(typeof(FolderRecord))]
[JsonSerializable(typeof(FolderName))]
[JsonSerializable(typeof(ForeignFolder))]
[JsonSerializable(typeof(VerificationRecord))]
[JsonSerializable(typeof(VerificationOutcome))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class AnyCheckStoreJson : JsonSerializerContext;
