namespace Recommender.Api.Infrastructure;

/// <summary>
/// The server's configuration cannot serve (a model without a catalog, say): start-up stops with this message, which
/// names the setting to fix. Not a fault of the code, so the command line reports the message without a stack trace.
/// </summary>
public sealed class ServerConfigurationException(string message) : Exception(message);
