using Parquet.Schema;
using Recommender.Data.Tables;
using Recommender.Data.Validation;

namespace Recommender.Data.Profiles;

/// <summary>
/// The columns of one profiles file, checked against the contract, with the extra columns sorted by kind. Only
/// <c>user_id</c> is required: a missing fixed column is an attribute nobody knows, not an error.
/// </summary>
internal sealed record ProfileFields(
    DataField UserId,
    DataField? SignupAt,
    DataField? Country,
    DataField? Timezone,
    DataField? CompanySize,
    DataField? Plan,
    DataField? ValidFrom,
    IReadOnlyList<DataField> Numeric,
    IReadOnlyList<DataField> Categorical)
{
    private const string StringColumn = "a string column";
    private const string TimestampColumn = "a UTC timestamp column";

    /// <summary>The file's fields, or null (with issues recorded) when the file cannot be read as profiles.</summary>
    public static ProfileFields? Resolve(ParquetSchema schema, string file, IssueBuffer issues)
    {
        var resolver = new ColumnResolver(schema, file, issues);
        var userId = resolver.Required(ProfileColumns.UserId, StringColumn, ParquetTable.IsString);
        var signupAt = resolver.Optional(ProfileColumns.SignupAt, TimestampColumn, ParquetTable.IsTimestamp);
        var country = resolver.Optional(ProfileColumns.Country, StringColumn, ParquetTable.IsString);
        var timezone = resolver.Optional(ProfileColumns.Timezone, "a string column of IANA time zone ids", ParquetTable.IsString);
        var companySize = resolver.Optional(ProfileColumns.CompanySize, "an integer column", ParquetTable.IsNumber);
        var plan = resolver.Optional(ProfileColumns.Plan, StringColumn, ParquetTable.IsString);
        var validFrom = resolver.Optional(ProfileColumns.ValidFrom, TimestampColumn, ParquetTable.IsTimestamp);

        var numeric = new List<DataField>();
        var categorical = new List<DataField>();
        foreach (var field in schema.Fields.Where(f => !ProfileColumns.Fixed.Contains(f.Name)))
        {
            if (ParquetTable.IsNumber(field))
            {
                numeric.Add((DataField)field);
            }
            else if (ParquetTable.IsString(field))
            {
                categorical.Add((DataField)field);
            }
            else
            {
                // Not fatal: the fixed columns are fine, only this feature is lost, and the user is told.
                issues.Warning(file, null, field.Name, "a numeric or string column for an extra profile feature",
                    ParquetTable.Describe(field) + " column, which is ignored");
            }
        }

        if (resolver.Failed)
        {
            return null;
        }

        return new ProfileFields(userId!, signupAt, country, timezone, companySize, plan, validFrom, numeric, categorical);
    }
}
