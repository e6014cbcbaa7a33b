//! The file formats: arrow-rs's own writers and readers, over bytes in memory.

use std::io::Cursor;
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use bytes::Bytes;

/// A file format of the storage bridge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileFormat {
    /// Apache Parquet, written with Snappy compression.
    Parquet,
    /// The Arrow IPC file format (Feather v2): random access, a footer.
    ArrowFile,
    /// The Arrow IPC streaming format.
    ArrowStream,
    /// CSV with a header row, as arrow-csv writes and reads it.
    Csv,
}

impl FileFormat {
    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Parquet => "parquet",
            FileFormat::ArrowFile => "arrow",
            FileFormat::ArrowStream => "arrows",
            FileFormat::Csv => "csv",
        }
    }
}

/// One output file being written into memory.
pub(crate) enum FileWriter {
    Parquet(parquet::arrow::ArrowWriter<Vec<u8>>),
    ArrowFile(arrow_ipc::writer::FileWriter<Vec<u8>>),
    ArrowStream(arrow_ipc::writer::StreamWriter<Vec<u8>>),
    Csv(arrow_csv::Writer<Vec<u8>>),
}

/// What can go wrong in a format: arrow's errors and parquet's.
pub(crate) type FormatError = Box<dyn std::error::Error + Send + Sync>;

impl FileWriter {
    pub(crate) fn new(format: FileFormat, schema: &SchemaRef) -> Result<FileWriter, FormatError> {
        Ok(match format {
            FileFormat::Parquet => {
                let props = parquet::file::properties::WriterProperties::builder()
                    .set_compression(parquet::basic::Compression::SNAPPY)
                    .build();
                FileWriter::Parquet(parquet::arrow::ArrowWriter::try_new(
                    Vec::new(),
                    schema.clone(),
                    Some(props),
                )?)
            }
            FileFormat::ArrowFile => {
                FileWriter::ArrowFile(arrow_ipc::writer::FileWriter::try_new(Vec::new(), schema)?)
            }
            FileFormat::ArrowStream => FileWriter::ArrowStream(
                arrow_ipc::writer::StreamWriter::try_new(Vec::new(), schema)?,
            ),
            FileFormat::Csv => FileWriter::Csv(
                arrow_csv::WriterBuilder::new()
                    .with_header(true)
                    .build(Vec::new()),
            ),
        })
    }

    pub(crate) fn write(&mut self, batch: &RecordBatch) -> Result<(), FormatError> {
        match self {
            FileWriter::Parquet(w) => w.write(batch)?,
            FileWriter::ArrowFile(w) => w.write(batch)?,
            FileWriter::ArrowStream(w) => w.write(batch)?,
            FileWriter::Csv(w) => w.write(&csv_zones(batch)?)?,
        }
        Ok(())
    }

    /// Ends the file (footer, trailer) and returns its bytes.
    pub(crate) fn finish(self) -> Result<Vec<u8>, FormatError> {
        Ok(match self {
            FileWriter::Parquet(w) => w.into_inner()?,
            FileWriter::ArrowFile(mut w) => {
                w.finish()?;
                w.into_inner()?
            }
            FileWriter::ArrowStream(mut w) => {
                w.finish()?;
                w.into_inner()?
            }
            FileWriter::Csv(w) => w.into_inner(),
        })
    }
}

/// The batches of one file's bytes. `csv_schema` gives the CSV columns' types (its header
/// names the columns).
pub(crate) fn read(
    format: FileFormat,
    bytes: Bytes,
    batch_rows: usize,
    csv_schema: Option<SchemaRef>,
) -> Result<Box<dyn Iterator<Item = Result<RecordBatch, ArrowError>> + Send>, FormatError> {
    Ok(match format {
        FileFormat::Parquet => Box::new(
            parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(bytes)?
                .with_batch_size(batch_rows)
                .build()?,
        ),
        FileFormat::ArrowFile => Box::new(arrow_ipc::reader::FileReader::try_new(
            Cursor::new(bytes),
            None,
        )?),
        FileFormat::ArrowStream => Box::new(arrow_ipc::reader::StreamReader::try_new(
            Cursor::new(bytes),
            None,
        )?),
        FileFormat::Csv => {
            let schema = match csv_schema {
                Some(schema) => schema,
                None => Arc::new(csv_header(&bytes)?),
            };
            let reader = arrow_csv::ReaderBuilder::new(schema)
                .with_header(true)
                .with_batch_size(batch_rows)
                .build(Cursor::new(bytes))?;
            Box::new(reader) as Box<dyn Iterator<Item = _> + Send>
        }
    })
}

/// The column names of a CSV file's header, all as text.
pub(crate) fn csv_header(bytes: &Bytes) -> Result<Schema, FormatError> {
    let (schema, _) = arrow_csv::reader::Format::default()
        .with_header(true)
        .infer_schema(Cursor::new(bytes.as_ref()), Some(0))?;
    Ok(Schema::new(
        schema
            .fields()
            .iter()
            .map(|f| Field::new(f.name(), DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ))
}

/// The type arrow-csv parses a column into: the table's own (as `select_to_arrow` gives it)
/// where the CSV reader can parse it, else text (which loads into text-like, json and uuid
/// columns).
pub(crate) fn csv_type(table_type: &DataType) -> DataType {
    match table_type {
        DataType::Boolean
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::Float32
        | DataType::Float64
        | DataType::Decimal128(..)
        | DataType::Date32
        | DataType::Time64(_)
        | DataType::Timestamp(_, None)
        | DataType::Utf8 => table_type.clone(),
        DataType::Timestamp(unit, Some(_)) => DataType::Timestamp(*unit, Some(UTC_OFFSET.into())),
        _ => DataType::Utf8,
    }
}

/// UTC as an offset: arrow-csv (without chrono-tz) reads and writes only offset zones, and
/// `select_to_arrow` names timestamptz's zone "UTC".
const UTC_OFFSET: &str = "+00:00";

/// The batch with its "UTC" timestamp columns relabelled "+00:00" (the same instants).
fn csv_zones(batch: &RecordBatch) -> Result<RecordBatch, ArrowError> {
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    use arrow_array::types::TimestampMicrosecondType;
    let utc = |t: &DataType| matches!(t, DataType::Timestamp(arrow_schema::TimeUnit::Microsecond, Some(z)) if &**z == "UTC");
    if !batch.schema().fields().iter().any(|f| utc(f.data_type())) {
        return Ok(batch.clone());
    }
    let mut fields = Vec::with_capacity(batch.num_columns());
    let mut columns = Vec::with_capacity(batch.num_columns());
    for (field, column) in batch.schema().fields().iter().zip(batch.columns()) {
        if utc(field.data_type()) {
            let relabelled = column
                .as_primitive::<TimestampMicrosecondType>()
                .clone()
                .with_timezone(UTC_OFFSET);
            fields.push(Field::new(
                field.name(),
                relabelled.data_type().clone(),
                true,
            ));
            columns.push(Arc::new(relabelled) as arrow_array::ArrayRef);
        } else {
            fields.push(field.as_ref().clone());
            columns.push(column.clone());
        }
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
}
