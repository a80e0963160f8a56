//! A small SMTP server on loopback for the mail tests: it speaks enough of
//! RFC 5321 for a real client (EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing,
//! RSET, NOOP, QUIT) and keeps what it receives. It can also accept a number of
//! connections and then never answer them, like a hung server.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent, after dot-unstuffing, CRLF line ends.
    pub data: Vec<u8>,
}

impl Received {
    pub fn parsed(&self) -> mailparse::ParsedMail<'_> {
        mailparse::parse_mail(&self.data).expect("a well-formed message")
    }

    pub fn header(&self, name: &str) -> Option<String> {
        use mailparse::MailHeaderMap;
        self.parsed().headers.get_first_value(name)
    }

    pub fn message_id(&self) -> String {
        self.header("Message-ID").unwrap_or_default()
    }

    pub fn subject(&self) -> String {
        self.header("Subject").unwrap_or_default()
    }

    /// Every leaf part: (MIME type, decoded body, is an attachment). Text
    /// parts get `\n` line ends; a calendar keeps its CRLF.
    pub fn parts(&self) -> Vec<(String, String, bool)> {
        fn walk(p: &mailparse::ParsedMail<'_>, out: &mut Vec<(String, String, bool)>) {
            if p.subparts.is_empty() {
                let attachment = matches!(
                    p.get_content_disposition().disposition,
                    mailparse::DispositionType::Attachment
                );
                out.push((
                    p.ctype.mimetype.clone(),
                    if p.ctype.mimetype == "text/calendar" {
                        // iCalendar keeps its CRLF line ends (part of the format).
                        p.get_body().unwrap_or_default()
                    } else {
                        p.get_body().unwrap_or_default().replace("\r\n", "\n")
                    },
                    attachment,
                ));
            } else {
                for s in &p.subparts {
                    walk(s, out);
                }
            }
        }
        let mut out = vec![];
        walk(&self.parsed(), &mut out);
        out
    }

    pub fn part(&self, mimetype: &str) -> Option<String> {
        self.parts()
            .into_iter()
            .find(|(t, _, _)| t == mimetype)
            .map(|(_, b, _)| b)
    }

    /// The HTML part as a reader's browser takes it: the character references
    /// the template engine writes for escaped values (`&#x2F;`, `&amp;` …)
    /// turned back into the characters they stand for.
    pub fn html_as_read(&self) -> Option<String> {
        self.part("text/html").map(|h| {
            h.replace("&#x2F;", "/")
                .replace("&#x27;", "'")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
    }
}

#[derive(Default)]
struct Shared {
    received: Mutex<Vec<Received>>,
    connections: AtomicUsize,
    /// This many connections (the first ones) are accepted and never answered.
    silent: AtomicUsize,
    silent_sockets: Mutex<Vec<TcpStream>>,
}

pub struct SmtpSink {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl SmtpSink {
    /// A server on a free loopback port.
    pub async fn start() -> SmtpSink {
        Self::start_on(0, 0).await
    }

    /// A server whose first `silent` connections are accepted and then left
    /// without a word.
    pub async fn start_silent_first(silent: usize) -> SmtpSink {
        Self::start_on(0, silent).await
    }

    /// A server on `port` (0: any free one).
    pub async fn start_on(port: u16, silent: usize) -> SmtpSink {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind SMTP sink");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared::default());
        shared.silent.store(silent, Ordering::SeqCst);
        let s = shared.clone();
        let task = tokio::spawn(async move {
            let mut sessions = tokio::task::JoinSet::new();
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    continue;
                };
                let n = s.connections.fetch_add(1, Ordering::SeqCst);
                if n < s.silent.load(Ordering::SeqCst) {
                    // Keep it open, say nothing.
                    s.silent_sockets.lock().expect("lock").push(socket);
                    continue;
                }
                let s = s.clone();
                sessions.spawn(async move {
                    let _ = session(socket, s).await;
                });
                while sessions.try_join_next().is_some() {}
            }
        });
        SmtpSink { addr, shared, task }
    }

    /// A loopback port where nothing listens (for now).
    pub async fn free_port() -> u16 {
        let l = TcpListener::bind(("127.0.0.1", 0)).await.expect("bind");
        l.local_addr().expect("addr").port()
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.addr.port())
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().expect("lock").clone()
    }

    pub fn count(&self) -> usize {
        self.shared.received.lock().expect("lock").len()
    }

    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Waits until `n` messages have arrived; false on timeout.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        while tokio::time::Instant::now() < deadline {
            if self.count() >= n {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.count() >= n
    }

    pub fn stop(self) {
        self.task.abort();
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn session(socket: TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut reader = BufReader::new(read);
    write
        .write_all(b"220 sink.localhost ESMTP test sink\r\n")
        .await?;
    let mut from = String::new();
    let mut to: Vec<String> = vec![];
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&line).trim_end().to_string();
        let upper = text.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-sink.localhost\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760\r\n"
        } else if upper.starts_with("HELO") {
            b"250 sink.localhost\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            from = address(&text[10..]);
            to.clear();
            b"250 2.1.0 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            to.push(address(&text[8..]));
            b"250 2.1.5 OK\r\n"
        } else if upper == "DATA" {
            write
                .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                .await?;
            let data = read_data(&mut reader).await?;
            shared.received.lock().expect("lock").push(Received {
                from: from.clone(),
                to: std::mem::take(&mut to),
                data,
            });
            b"250 2.0.0 OK queued\r\n"
        } else if upper == "RSET" {
            from.clear();
            to.clear();
            b"250 2.0.0 OK\r\n"
        } else if upper.starts_with("NOOP") {
            b"250 2.0.0 OK\r\n"
        } else if upper == "QUIT" {
            write.write_all(b"221 2.0.0 Bye\r\n").await?;
            return Ok(());
        } else {
            b"502 5.5.2 Command not recognized\r\n"
        };
        write.write_all(reply).await?;
    }
}

fn address(s: &str) -> String {
    let s = s.trim();
    let inner = s
        .strip_prefix('<')
        .and_then(|r| r.split_once('>'))
        .map(|(a, _)| a)
        .unwrap_or(s);
    inner.to_string()
}

/// Reads the DATA section up to the lone dot, undoing dot-stuffing.
async fn read_data<R: AsyncBufReadExt + AsyncReadExt + Unpin>(
    reader: &mut R,
) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "end of DATA missing",
            ));
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok(data);
        }
        if line.starts_with(b"..") {
            data.extend_from_slice(&line[1..]);
        } else {
            data.extend_from_slice(&line);
        }
    }
}
