package io.dflockd.bench.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * Draws a report's charts with XChart: throughput per scenario, and latency percentiles per scenario (log scale,
 * since a hot key's tail and an uncontended op differ by orders of magnitude). Matrix reports chart the medians.
 */
final class ResultChart {
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 600;

    private ResultChart() {
    }

    /** Writes {@code <base>-throughput.png} and {@code <base>-latency.png}; returns their paths. */
    static List<Path> write(LoadReport report, Path directory, String base) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<RunResult> runs = report.medians().isEmpty() ? report.runs() : report.medians();
        List<String> names = new ArrayList<>();
        List<Double> throughput = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> p999 = new ArrayList<>();
        for (RunResult run : runs) {
            names.add(run.scenario());
            throughput.add(run.opsPerSecond());
            p50.add(Math.max(1, run.latency().p50()));
            p99.add(Math.max(1, run.latency().p99()));
            p999.add(Math.max(1, run.latency().p999()));
        }
        String jdk = "JDK " + System.getProperty("java.version");
        CategoryChart ops = chart("Throughput (acquire + release) per scenario, " + jdk, "ops/s");
        ops.getStyler().setLegendVisible(false);
        ops.addSeries("ops/s", names, throughput);
        CategoryChart latency = chart("Latency per op, " + jdk, "microseconds (log)");
        // Bars grow from zero, which a log axis cannot show: draw the percentiles as lines with markers.
        latency.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        latency.getStyler().setYAxisLogarithmic(true);
        latency.addSeries("p50", names, p50);
        latency.addSeries("p99", names, p99);
        latency.addSeries("p99.9", names, p999);
        Path opsFile = directory.resolve(base + "-throughput.png");
        Path latencyFile = directory.resolve(base + "-latency.png");
        BitmapEncoder.saveBitmap(ops, opsFile.toString(), BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(latency, latencyFile.toString(), BitmapEncoder.BitmapFormat.PNG);
        return List.of(opsFile, latencyFile);
    }

    private static CategoryChart chart(String title, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("scenario").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }
}
