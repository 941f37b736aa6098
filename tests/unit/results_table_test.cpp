// The rows GNU parallel 20221122 writes for --results x.csv/.tsv/.json
// (copied from its output for the same jobs) are the expected bytes.
#include "results_table.hpp"

#include <gtest/gtest.h>

using namespace shoal::cli;

namespace {
JoblogEntry job(std::uint64_t seq, std::string command, std::uint64_t receive) {
  JoblogEntry e;
  e.seq = seq;
  e.start_epoch = 1796161340.043;
  e.runtime = 0.009;
  e.receive = receive;
  e.command = std::move(command);
  return e;
}
}  // namespace

TEST(ResultsTable, FormatByName) {
  EXPECT_EQ(table_format("out.csv"), TableFormat::csv);
  EXPECT_EQ(table_format("OUT.CSV"), TableFormat::csv);
  EXPECT_EQ(table_format("-.tsv"), TableFormat::tsv);
  EXPECT_EQ(table_format("x.json"), TableFormat::json);
  EXPECT_EQ(table_format("results"), TableFormat::none);
  EXPECT_EQ(table_format("csv"), TableFormat::none);
  EXPECT_TRUE(table_on_stdout("-.json"));
  EXPECT_FALSE(table_on_stdout("./-.json"));
}

TEST(ResultsTable, CsvQuotesAsGnuParallel) {
  EXPECT_EQ(table_header(TableFormat::csv, 1),
            "Seq,Host,Starttime,JobRuntime,Send,Receive,Exitval,Signal,Command,V1,Stdout,Stderr\n");
  EXPECT_EQ(table_row(TableFormat::csv, job(1, "echo a; echo erra >&2", 2), {"a"}, "a\n", "erra\n"),
            "1,:,1796161340.043,0.009,0,2,0,0,\"echo a; echo erra >&2\",a,\"a\n\",\"erra\n\"\n");
  EXPECT_EQ(table_row(TableFormat::csv, job(2, "echo 'b,\"c'", 5), {"b,\"c"}, "b,\"c\n", ""),
            "2,:,1796161340.043,0.009,0,5,0,0,\"echo 'b,\"\"c'\",\"b,\"\"c\",\"b,\"\"c\n\",\n");
}

TEST(ResultsTable, TsvQuotesTabsAndNewlines) {
  EXPECT_EQ(table_header(TableFormat::tsv, 2),
            "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\tV1\tV2\tStdout\tStderr\n");
  JoblogEntry e = job(1, "sleep 2", 0);
  e.exitval = -1;
  e.signal = 15;
  EXPECT_EQ(table_row(TableFormat::tsv, e, {"2", "a,b"}, "", ""),
            "1\t:\t1796161340.043\t0.009\t0\t0\t-1\t15\t\"sleep 2\"\t2\ta,b\t\t\n");
}

TEST(ResultsTable, JsonEscapesControlBytesAndPassesTheRest) {
  EXPECT_EQ(table_header(TableFormat::json, 1), "");
  EXPECT_EQ(table_row(TableFormat::json, job(2, "echo 'b\"c'", 4), {"b\"c"}, "b\"c\n", "\xff\x01"),
            "{ \"Seq\": 2, \"Host\": \":\", \"Starttime\": 1796161340.043, \"JobRuntime\": 0.009, "
            "\"Send\": 0, \"Receive\": 4, \"Exitval\": 0, \"Signal\": 0, \"Command\": \"echo 'b\\\"c'\", "
            "\"V\": [ \"b\\\"c\" ], \"Stdout\": \"b\\\"c\\u000a\", \"Stderr\": \"\xff\\u0001\" }\n");
  EXPECT_EQ(table_row(TableFormat::json, job(1, "true", 0), {"x", "y"}, "", "").find("\"V\": [ \"x\",\"y\" ]") !=
                std::string::npos,
            true);
}
