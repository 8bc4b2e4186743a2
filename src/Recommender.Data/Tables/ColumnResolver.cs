using Parquet.Schema;
using Recommender.Data.Validation;

namespace Recommender.Data.Tables;

/// <summary>Looks up the contract's columns in a file's schema, recording a file-level issue for each that is missing or mistyped.</summary>
internal sealed class ColumnResolver(ParquetSchema schema, string file, IssueBuffer issues)
{
    /// <summary>True once a required column was missing or any column had the wrong type.</summary>
    public bool Failed { get; private set; }

    public DataField? Required(string name, string expected, Func<Field, bool> hasRightType)
    {
        var field = ParquetTable.Find(schema, name);
        if (field is null)
        {
            Failed = true;
            issues.Error(file, null, name, expected, ParquetTable.DescribeMissing(schema, name));
            return null;
        }

        return Check(field, expected, hasRightType);
    }

    public DataField? Optional(string name, string expected, Func<Field, bool> hasRightType)
    {
        var field = ParquetTable.Find(schema, name);
        return field is null ? null : Check(field, expected, hasRightType);
    }

    private DataField? Check(Field field, string expected, Func<Field, bool> hasRightType)
    {
        if (hasRightType(field) && field is DataField data)
        {
            return data;
        }

        Failed = true;
        issues.Error(file, null, field.Name, expected, ParquetTable.Describe(field) + " column");
        return null;
    }
}
