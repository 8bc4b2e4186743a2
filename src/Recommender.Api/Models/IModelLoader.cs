using Recommender.Core.Catalog;

namespace Recommender.Api.Models;

/// <summary>Turns a model bundle folder into an <see cref="ActiveModel"/>, or refuses it.</summary>
public interface IModelLoader
{
    /// <exception cref="ModelLoadException">A bad or missing manifest or model file, or a feature schema that does not match.</exception>
    ActiveModel Load(string directory, MessageCatalog catalog);

    /// <summary>What serves before (or without) any bundle.</summary>
    ActiveModel Fallback(MessageCatalog catalog);
}
