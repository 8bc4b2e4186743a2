namespace Recommender.Api.Stores;

/// <summary>
/// The store holds data in a format this version does not read (keys of an earlier version, or a format marker of
/// another one). The server refuses to start on it rather than misread it; the message names what was found and what to do.
/// </summary>
public sealed class StoreFormatException(string message) : InvalidOperationException(message);
