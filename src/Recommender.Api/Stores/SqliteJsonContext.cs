using System.Text.Json.Serialization;

namespace Recommender.Api.Stores;

/// <summary>The JSON the SQLite store writes into its statements: a batch read's ids (<see cref="SqliteReadSession.ReadMany"/>).</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
