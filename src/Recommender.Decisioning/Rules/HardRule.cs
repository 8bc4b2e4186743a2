using Recommender.Core.Catalog;

namespace Recommender.Decisioning.Rules;

/// <summary>
/// The base of every built-in rule. The engine's loops hold rules as this class rather than as
/// <see cref="IHardRule"/>: a call through a class's virtual table costs less than a call through an interface, whose
/// dispatch looks the implementation up at each call site that sees many rules, and a look-ahead decision checks rules
/// hundreds of times.
/// </summary>
internal abstract class HardRule : IHardRule
{
    public abstract string Id { get; }

    public abstract bool Suppresses(RuleContext context, MessageDefinition message);

    public abstract string Describe(RuleContext context, MessageDefinition message);
}
