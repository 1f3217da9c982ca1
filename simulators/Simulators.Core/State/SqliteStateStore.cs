using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Simulators.Core.State;

/// <summary>
/// The store of the QA sandbox: one SQLite file in WAL mode that every simulator of a host may
/// share, each in its own scope. A commit is one transaction, on disk when it returns
/// (<c>synchronous=NORMAL</c> in WAL mode: durable when the process is killed, which is what a
/// sandbox restart does). Reads go to the file every time (nothing decoded is kept in this
/// process); connections and their prepared statements are reused.
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
    private const string Get = $"SELECT {Columns} FROM records r WHERE r.scope = $scope AND r.collection = $collection AND r.tenant = $tenant AND r.id = $id";
    private const string FindById = $"SELECT {Columns} FROM records r WHERE r.scope = $scope AND r.collection = $collection AND r.id = $id ORDER BY r.seq";
    private const string Due = $"""
        SELECT {Columns} FROM records r
        WHERE r.scope = $scope AND r.collection = $collection AND r.tenant = $tenant AND r.due IS NOT NULL AND r.due <= $upTo
        ORDER BY r.due, r.seq LIMIT $limit
        """;
    private const string Earliest = "SELECT tenant, MIN(due) FROM records WHERE scope = $scope AND collection = $collection AND due IS NOT NULL GROUP BY tenant";
    private const string Version = "SELECT version, seq FROM records WHERE scope = $scope AND collection = $collection AND tenant = $tenant AND id = $id";
    private const string Unkey = "DELETE FROM keys WHERE scope = $scope AND collection = $collection AND tenant = $tenant AND id = $id";
    private const string Remove = "DELETE FROM records WHERE scope = $scope AND collection = $collection AND tenant = $tenant AND id = $id";
    private const string Upsert = """
        INSERT INTO records(scope, collection, tenant, id, version, seq, due, value) VALUES ($scope, $collection, $tenant, $id, $version, $seq, $due, $value)
        ON CONFLICT (scope, collection, tenant, id) DO UPDATE SET version = excluded.version, due = excluded.due, value = excluded.value
        """;
    private const string AddKey = "INSERT OR IGNORE INTO keys(scope, collection, name, key, tenant, id) VALUES ($scope, $collection, $name, $key, $tenant, $id)";
    private const int PooledReaders = 16;

    private readonly string _connectionString;
    private readonly string _scope;
    private readonly Connection _writer;
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly ConcurrentBag<Connection> _readers = [];
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
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
        _scope = scope;
        Info = new StoreInfo(Durable: true, Shared: false, "sqlite:" + full);
        _writer = new Connection(_connectionString, scope);
        // Only the writer commits: the durability setting is its own (readers need none).
        _writer.Execute("PRAGMA synchronous=NORMAL;");
        _writer.Execute(Schema);
        var max = _writer.Command("SELECT COALESCE(MAX(seq), 0) FROM records WHERE scope = $scope");
        _seq = Convert.ToInt64(max.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public StoreInfo Info { get; }

    public ValueTask<StoredRecord?> GetRecordAsync(RecordSet collection, string tenant, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return ValueTask.FromResult(WithReader(reader =>
        {
            var command = reader.Command(Get);
            Set(command, ("$collection", collection.Name), ("$tenant", tenant), ("$id", id));
            using var rows = command.ExecuteReader();
            return rows.Read()
                ? collection.Wrap(rows.GetString(0), rows.GetString(1), rows.GetInt64(2), rows.GetInt64(3), collection.Deserialize(rows.GetFieldValue<byte[]>(5)), rows.IsDBNull(4) ? null : rows.GetInt64(4))
                : null;
        }));
    }

    public ValueTask<IReadOnlyList<Stored<T>>> FindAsync<T>(RecordSet<T> collection, string id, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(collection);
        return ValueTask.FromResult<IReadOnlyList<Stored<T>>>(Read(FindById, c => Set(c, ("$collection", collection.Name), ("$id", id)), collection));
    }

    public ValueTask<IReadOnlyList<Stored<T>>> QueryAsync<T>(RecordSet<T> collection, string? tenant, string? index = null, string? key = null, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(collection);
        var (sql, parameters) = Selection($"SELECT {Columns}", collection, tenant, index, key, " ORDER BY r.seq");
        return ValueTask.FromResult<IReadOnlyList<Stored<T>>>(Read(sql, c => Set(c, parameters), collection));
    }

    public ValueTask<long> CountAsync(RecordSet collection, string? tenant, string? index = null, string? key = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var (sql, parameters) = Selection("SELECT COUNT(*)", collection, tenant, index, key, "");
        return ValueTask.FromResult(WithReader(reader =>
        {
            var command = reader.Command(sql);
            Set(command, parameters);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }));
    }

    public ValueTask<IReadOnlyList<Stored<T>>> DueAsync<T>(RecordSet<T> collection, string tenant, long upToTicks, int limit, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(collection);
        return ValueTask.FromResult<IReadOnlyList<Stored<T>>>(
            Read(Due, c => Set(c, ("$collection", collection.Name), ("$tenant", tenant), ("$upTo", upToTicks), ("$limit", limit)), collection));
    }

    public ValueTask<IReadOnlyList<(string Tenant, long Due)>> EarliestDueAsync(RecordSet collection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return ValueTask.FromResult<IReadOnlyList<(string Tenant, long Due)>>(WithReader(reader =>
        {
            var command = reader.Command(Earliest);
            Set(command, ("$collection", collection.Name));
            using var rows = command.ExecuteReader();
            var found = new List<(string, long)>();
            while (rows.Read())
            {
                found.Add((rows.GetString(0), rows.GetInt64(1)));
            }
            return found;
        }));
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
            using var transaction = _writer.Begin();
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
            using var transaction = _writer.Begin();
            foreach (var table in new[] { "records", "keys" })
            {
                var command = _writer.Command($"DELETE FROM {table} WHERE scope = $scope" + (tenant is null ? "" : " AND tenant = $tenant"), transaction);
                if (tenant is not null)
                {
                    Set(command, ("$tenant", tenant));
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
            _writer.Dispose();
            while (_readers.TryTake(out var reader))
            {
                reader.Dispose();
            }
        }
        finally
        {
            _write.Release();
        }
        _write.Dispose();
    }

    private long Apply(SqliteTransaction transaction, StoreWrite write, byte[]? value)
    {
        long current = 0;
        long seq = 0;
        var find = _writer.Command(Version, transaction);
        Key(find, write);
        using (var reader = find.ExecuteReader())
        {
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
        if (current != 0 && write.Collection.Indexes.Count > 0)
        {
            var unkey = _writer.Command(Unkey, transaction);
            Key(unkey, write);
            unkey.ExecuteNonQuery();
        }
        if (value is null)
        {
            var delete = _writer.Command(Remove, transaction);
            Key(delete, write);
            delete.ExecuteNonQuery();
            return 0;
        }
        if (current == 0)
        {
            seq = ++_seq;
        }
        var put = _writer.Command(Upsert, transaction);
        Key(put, write);
        Set(put, ("$version", current + 1), ("$seq", seq), ("$due", write.Due is { } due ? due : DBNull.Value), ("$value", value));
        put.ExecuteNonQuery();
        for (var i = 0; i < write.Collection.Indexes.Count; i++)
        {
            if (write.Collection.IndexKey(write.Value!, i) is not { } indexKey)
            {
                continue;
            }
            var add = _writer.Command(AddKey, transaction);
            Key(add, write);
            Set(add, ("$name", write.Collection.Indexes[i]), ("$key", indexKey));
            add.ExecuteNonQuery();
        }
        return current + 1;
    }

    private static (string Sql, (string, object)[] Parameters) Selection(string select, RecordSet collection, string? tenant, string? index, string? key, string order)
    {
        string sql;
        var parameters = new List<(string, object)> { ("$collection", collection.Name) };
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
            parameters.Add(("$name", index));
            parameters.Add(("$key", key ?? ""));
        }
        if (tenant is not null)
        {
            parameters.Add(("$tenant", tenant));
        }
        return (sql + order, [.. parameters]);
    }

    private List<Stored<T>> Read<T>(string sql, Action<SqliteCommand> bind, RecordSet<T> collection, int limit = int.MaxValue)
        where T : class => WithReader(reader =>
    {
        var command = reader.Command(sql);
        bind(command);
        using var rows = command.ExecuteReader();
        var found = new List<Stored<T>>(Math.Min(limit, 16));
        while (found.Count < limit && rows.Read())
        {
            found.Add(new Stored<T>(
                rows.GetString(0),
                rows.GetString(1),
                rows.GetInt64(2),
                rows.GetInt64(3),
                (T)collection.Deserialize(rows.GetFieldValue<byte[]>(5)),
                rows.IsDBNull(4) ? null : rows.GetInt64(4)));
        }
        return found;
    });

    /// <summary>Runs a read on a connection of the pool (opened on demand, given back after).</summary>
    private TResult WithReader<TResult>(Func<Connection, TResult> read)
    {
        var reader = _readers.TryTake(out var pooled) ? pooled : new Connection(_connectionString, _scope);
        try
        {
            return read(reader);
        }
        finally
        {
            if (_readers.Count < PooledReaders)
            {
                _readers.Add(reader);
            }
            else
            {
                reader.Dispose();
            }
        }
    }

    private static void Key(SqliteCommand command, StoreWrite write) =>
        Set(command, ("$collection", write.Collection.Name), ("$tenant", write.Tenant), ("$id", write.Id));

    private static void Set(SqliteCommand command, params (string Name, object Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            if (command.Parameters.Contains(name))
            {
                command.Parameters[name].Value = value;
            }
            else
            {
                command.Parameters.AddWithValue(name, value);
            }
        }
    }

    /// <summary>An open connection with its prepared commands, used by one caller at a time.</summary>
    private sealed class Connection : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly string _scope;
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public Connection(string connectionString, string scope)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            _scope = scope;
        }

        public SqliteTransaction Begin() => _connection.BeginTransaction(deferred: false);

        /// <summary>The prepared command for <paramref name="sql"/> (made on first use), its scope bound.</summary>
        public SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = _connection.CreateCommand();
                command.CommandText = sql;
                command.Parameters.AddWithValue("$scope", _scope);
                _commands[sql] = command;
            }
            command.Transaction = transaction;
            return command;
        }

        public void Execute(string sql)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }
            _connection.Dispose();
        }
    }
}
