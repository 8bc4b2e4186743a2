using Recommender.Core.Catalog;

namespace Recommender.Decisioning.Rules;

/// <summary>
/// A rule no score can override. Each rule looks at one candidate in the decision's context and either lets it
/// through or names why not, in words a support agent could read to the user.
/// </summary>
/// <remarks>
/// The check and the wording are separate so that a decision pays for the words only of the candidates a rule
/// removes: twenty candidates through eighteen rules would otherwise format hundreds of strings no one reads.
/// </remarks>
public interface IHardRule
{
    string Id { get; }

    /// <summary>True when the rule removes <paramref name="message"/>.</summary>
    bool Suppresses(RuleContext context, MessageDefinition message);

    /// <summary>Why the rule removes <paramref name="message"/>; asked only after <see cref="Suppresses"/> said so.</summary>
    string Describe(RuleContext context, MessageDefinition message);
}
