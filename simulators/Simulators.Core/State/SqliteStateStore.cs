using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Simulators.Core.State;

/// <summary>
/// The store of the QA sandbox: one SQLite file in WAL mode that every simulator of a host may
/// share, each in its own scope. A commit is one transaction, on disk when it returns
/// (<c>synchronous=NORMAL</c> in WAL mode: durable when the process is killed, which is what a
/// sandbox restart does). Reads go to the file every time; nothing is cached in this process.
/// </summary>
public sealed class SqliteStateStore : IStateStore
{
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS records(
            scope TEXT NOT NULL, collection TEXT NOT NULL, tenant TEXT NOT NULL, id TEXT NOT NULL,
            version INTEGER NOT NULL, seq INTEGER NOT NULL, due INTEGER, value BLOB NOT NULL,
            PRIMARY KEY (scope, collection, tenant, id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS records_by_seq ON records(scope, collection, seq);
        CREATE INDEX IF NOT EXISTS records_by_tenant ON records(scope, tenant);
        CREATE INDEX IF NOT EXISTS records_by_id ON records(scope, collection, id);
        CREATE INDEX IF NOT EXISTS records_due ON records(scope, collection, tenant, due, seq) WHERE due IS NOT NULL;
        CREATE TABLE IF NOT EXISTS keys(
            scope TEXT NOT NULL, collection TEXT NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL, tenant TEXT NOT NULL, id TEXT NOT NULL,
            PRIMARY KEY (scope, collection, name, key, tenant, id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS keys_by_record ON keys(scope, collection, tenant, id);
        """;

    private const string Columns = "r.tenant, r.id, r.version, r.seq, r.due, r.value";

    private readonly string _connectionString;
    private readonly string _scope;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _write = new(1, 1);
    private long _seq;

    public SqliteStateStore(string path, string scope)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(scope);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _scope = scope;
        Info = new StoreInfo(Durable: true, Shared: false, "sqlite:" + full);
        _writer = Open();
        // Only the writer commits: the durability setting is its own (readers need none).
        Execute(_writer, "PRAGMA synchronous=NORMAL;");
        Execute(_writer, Schema);
        using var max = Command(_writer, "SELECT COALESCE(MAX(seq), 0) FROM records WHERE scope = $scope");
        _seq = Convert.ToInt64(max.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public StoreInfo Info { get; }

    public ValueTask<Stored<T>?> GetAsync<T>(RecordSet<T> collection, string tenant, string id, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(collection);
        using var connection = Open();
        using var command = Command(connection, $"SELECT {Columns} FROM records r WHERE r.scope = $scope AND r.collection = $collection AND r.tenant = $tenant AND r.id = $id");
        command.Parameters.AddWithValue("$collection", collection.Name);
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return ValueTask.FromResult(reader.Read() ? Row(collection, reader) : null);
    }

    public ValueTask<IReadOnlyList<Stored<T>>> FindAsync<T>(RecordSet<T> collection, string id, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(collection);
        using var connection = Open();
        using var command = Command(connection, $"SELECT {Columns} FROM records r WHERE r.scope = $scope AND r.collection = $collection AND r.id = $id ORDER BY r.seq");
        command.Parameters.AddWithValue("$collection", collection.Name);
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        var found = new List<Stored<T>>(1);
        while (reader.Read())
        {
            found.Add(Row(collection, reader));
        }
        return ValueTask.FromResult<IReadOnlyList<Stored<T>>>(found);
    }

    public ValueTask<IReadOnlyList<Stored<T>>> QueryAsync<T>(RecordSet<T> collection, string? tenant, string? index = null, string? key = null, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(collection);
        using var connection = Open();
        using var command = Selection(connection, $"SELECT {Columns}", collection, tenant, index, key, " ORDER BY r.seq");
        using var reader = command.ExecuteReader();
        var found = new List<Stored<T>>();
        while (reader.Read())
        {
            found.Add(Row(collection, reader));
        }
        return ValueTask.FromResult<IReadOnlyList<Stored<T>>>(found);
    }

    public ValueTask<long> CountAsync(RecordSet collection, string? tenant, string? index = null, string? key = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        using var connection = Open();
        using var command = Selection(connection, "SELECT COUNT(*)", collection, tenant, index, key, "");
        return ValueTask.FromResult(Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture));
    }

    public ValueTask<IReadOnlyList<Stored<T>>> DueAsync<T>(RecordSet<T> collection, string tenant, long upToTicks, int limit, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(collection);
        using var connection = Open();
        using var command = Command(connection, $"""
            SELECT {Columns} FROM records r
            WHERE r.scope = $scope AND r.collection = $collection AND r.tenant = $tenant AND r.due IS NOT NULL AND r.due <= $upTo
            ORDER BY r.due, r.seq LIMIT $limit
            """);
        command.Parameters.AddWithValue("$collection", collection.Name);
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$upTo", upToTicks);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var found = new List<Stored<T>>();
        while (reader.Read())
        {
            found.Add(Row(collection, reader));
        }
        return ValueTask.FromResult<IReadOnlyList<Stored<T>>>(found);
    }

    public ValueTask<IReadOnlyList<(string Tenant, long Due)>> EarliestDueAsync(RecordSet collection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        using var connection = Open();
        using var command = Command(connection, "SELECT tenant, MIN(due) FROM records WHERE scope = $scope AND collection = $collection AND due IS NOT NULL GROUP BY tenant");
        command.Parameters.AddWithValue("$collection", collection.Name);
        using var reader = command.ExecuteReader();
        var found = new List<(string, long)>();
        while (reader.Read())
        {
            found.Add((reader.GetString(0), reader.GetInt64(1)));
        }
        return ValueTask.FromResult<IReadOnlyList<(string Tenant, long Due)>>(found);
    }

    public async ValueTask<long[]> CommitAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var versions = new long[writes.Count];
        if (writes.Count == 0)
        {
            return versions;
        }
        // Serialize outside the lock: the lock covers only the transaction.
        var values = writes.Select(w => w.Value is null ? null : w.Collection.Serialize(w.Value)).ToArray();
        await _write.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _writer.BeginTransaction(deferred: false);
            var seqBefore = _seq;
            try
            {
                for (var i = 0; i < writes.Count; i++)
                {
                    versions[i] = Apply(transaction, writes[i], values[i]);
                }
                transaction.Commit();
            }
            catch
            {
                _seq = seqBefore;
                transaction.Rollback();
                throw;
            }
        }
        finally
        {
            _write.Release();
        }
        return versions;
    }

    public async ValueTask ResetAsync(string? tenant, CancellationToken cancellationToken = default)
    {
        await _write.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _writer.BeginTransaction(deferred: false);
            foreach (var table in new[] { "records", "keys" })
            {
                using var command = Command(_writer, $"DELETE FROM {table} WHERE scope = $scope" + (tenant is null ? "" : " AND tenant = $tenant"), transaction);
                if (tenant is not null)
                {
                    command.Parameters.AddWithValue("$tenant", tenant);
                }
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        finally
        {
            _write.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _write.WaitAsync();
        try
        {
            await _writer.DisposeAsync();
        }
        finally
        {
            _write.Release();
        }
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        _write.Dispose();
    }

    private long Apply(SqliteTransaction transaction, StoreWrite write, byte[]? value)
    {
        long current = 0;
        long seq = 0;
        using (var find = Command(_writer, "SELECT version, seq FROM records WHERE scope = $scope AND collection = $collection AND tenant = $tenant AND id = $id", transaction))
        {
            Key(find, write);
            using var reader = find.ExecuteReader();
            if (reader.Read())
            {
                current = reader.GetInt64(0);
                seq = reader.GetInt64(1);
            }
        }
        if (write.ExpectedVersion is { } expected && expected != current)
        {
            throw new StoreConflictException($"{write.Collection.Name} {write.Id} of tenant '{write.Tenant}' is at version {current}, not {expected}.");
        }
        using (var unkey = Command(_writer, "DELETE FROM keys WHERE scope = $scope AND collection = $collection AND tenant = $tenant AND id = $id", transaction))
        {
            Key(unkey, write);
            unkey.ExecuteNonQuery();
        }
        if (value is null)
        {
            using var delete = Command(_writer, "DELETE FROM records WHERE scope = $scope AND collection = $collection AND tenant = $tenant AND id = $id", transaction);
            Key(delete, write);
            delete.ExecuteNonQuery();
            return 0;
        }
        if (current == 0)
        {
            seq = ++_seq;
        }
        using (var put = Command(_writer, """
            INSERT INTO records(scope, collection, tenant, id, version, seq, due, value) VALUES ($scope, $collection, $tenant, $id, $version, $seq, $due, $value)
            ON CONFLICT (scope, collection, tenant, id) DO UPDATE SET version = excluded.version, due = excluded.due, value = excluded.value
            """, transaction))
        {
            Key(put, write);
            put.Parameters.AddWithValue("$version", current + 1);
            put.Parameters.AddWithValue("$seq", seq);
            put.Parameters.AddWithValue("$due", write.Due is { } due ? due : DBNull.Value);
            put.Parameters.AddWithValue("$value", value);
            put.ExecuteNonQuery();
        }
        for (var i = 0; i < write.Collection.Indexes.Count; i++)
        {
            if (write.Collection.IndexKey(write.Value!, i) is not { } indexKey)
            {
                continue;
            }
            using var add = Command(_writer, "INSERT OR IGNORE INTO keys(scope, collection, name, key, tenant, id) VALUES ($scope, $collection, $name, $key, $tenant, $id)", transaction);
            Key(add, write);
            add.Parameters.AddWithValue("$name", write.Collection.Indexes[i]);
            add.Parameters.AddWithValue("$key", indexKey);
            add.ExecuteNonQuery();
        }
        return current + 1;
    }

    private SqliteCommand Selection(SqliteConnection connection, string select, RecordSet collection, string? tenant, string? index, string? key, string order)
    {
        string sql;
        if (index is null)
        {
            sql = $"{select} FROM records r WHERE r.scope = $scope AND r.collection = $collection" + (tenant is null ? "" : " AND r.tenant = $tenant");
        }
        else
        {
            collection.IndexOf(index);
            sql = $"""
                {select} FROM keys k JOIN records r ON r.scope = k.scope AND r.collection = k.collection AND r.tenant = k.tenant AND r.id = k.id
                WHERE k.scope = $scope AND k.collection = $collection AND k.name = $name AND k.key = $key
                """ + (tenant is null ? "" : " AND k.tenant = $tenant");
        }
        var command = Command(connection, sql + order);
        command.Parameters.AddWithValue("$collection", collection.Name);
        if (tenant is not null)
        {
            command.Parameters.AddWithValue("$tenant", tenant);
        }
        if (index is not null)
        {
            command.Parameters.AddWithValue("$name", index);
            command.Parameters.AddWithValue("$key", key ?? "");
        }
        return command;
    }

    private static Stored<T> Row<T>(RecordSet<T> collection, SqliteDataReader reader)
        where T : class
    {
        using var stream = reader.GetStream(5);
        var bytes = stream is MemoryStream memory ? memory.ToArray() : ReadAll(stream);
        return new Stored<T>(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetInt64(2),
            reader.GetInt64(3),
            (T)collection.Deserialize(bytes),
            reader.IsDBNull(4) ? null : reader.GetInt64(4));
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static void Key(SqliteCommand command, StoreWrite write)
    {
        command.Parameters.AddWithValue("$collection", write.Collection.Name);
        command.Parameters.AddWithValue("$tenant", write.Tenant);
        command.Parameters.AddWithValue("$id", write.Id);
    }

    /// <summary>A pooled connection; its busy timeout comes from the connection string's <c>DefaultTimeout</c>.</summary>
    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$scope", _scope);
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
