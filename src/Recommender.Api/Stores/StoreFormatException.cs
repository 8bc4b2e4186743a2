namespace Recommender.Api.Stores;

/// <summary>
/// The store holds data in a format this version does not read (keys of an earlier version, a format marker of
/// another one, a file that is no SQLite database, a folder where the database file should be). The server refuses to
/// start on it rather than misread it; the message names what was found and what to do.
/// </summary>
public sealed class StoreFormatException(string message) : InvalidOperationException(message);
