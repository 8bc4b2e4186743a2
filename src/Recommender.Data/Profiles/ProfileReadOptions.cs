using Recommender.Data.Validation;

namespace Recommender.Data.Profiles;

/// <summary>How <see cref="ProfileParquetReader"/> validates (timestamps are <c>signup_at</c>), and where it reports.</summary>
public sealed class ProfileReadOptions : ReadOptions<ProfileReadSummary>;
