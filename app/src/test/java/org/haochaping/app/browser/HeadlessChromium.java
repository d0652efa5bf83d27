package org.haochaping.app.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver (packages {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs). Both paths are given explicitly, so Selenium
 * never tries to download a browser or a driver. Screenshots go to {@code target/browser-screenshots},
 * the test run's artifact folder.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");
    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    /**
     * @param width a phone is about 390 CSS pixels wide, an evaluator tablet about 1280
     */
    public static HeadlessChromium start(Path profileDir, int width, int height) throws IOException {
        Files.createDirectories(profileDir);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(existing(DRIVERS, "chromedriver (Debian package chromium-driver)").toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(existing(BROWSERS, "chromium (Debian package chromium)").toString())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--no-first-run", "--disable-extensions", "--lang=zh-CN",
                        "--window-size=" + width + "," + height,
                        "--user-data-dir=" + profileDir.toAbsolutePath());
        return new HeadlessChromium(new ChromeDriver(service, options));
    }

    private static Path existing(List<String> candidates, String what) {
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("browser tests need " + what + "; looked at " + candidates));
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Waits until the element is visible and clickable, then clicks it. */
    public void click(By by) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    public WebElement visible(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Saves a PNG of the page as it is now and returns its path. */
    public Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        if (png.length < 8 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G') {
            throw new IllegalStateException("the browser returned no PNG for screenshot " + name);
        }
        Files.write(file, png);
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
