# Globus::GRAM::JobManager::agora - GRAM5 LRM module that runs each job in an Agora workspace.
#
# The job manager runs this module as the mapped local user. It hands every job to the Agora GRAM
# bridge daemon (agora-gram-bridge) over a Unix domain socket, with the user's delegated proxy, and
# writes the job's stdout/stderr into the files the job manager named once the daemon has the
# job's verified result. The daemon reports states and the exit code through the scheduler event
# generator log (-seg-module agora); poll answers the same states for services without a SEG.
#
# Wire protocol (AGORA-GRAM/1; docs/admin-guide.md "Compute element" has the full description):
# lines of printable ASCII ending in LF, at most 4096 bytes each. The client opens with
# "AGORA-GRAM/1", the daemon answers "AGORA-GRAM/1 READY". A request is a command line, field lines
# "name base64(value)" and "END"; the answer is "OK" or "ERR code base64(message)", field lines and
# "END". A long value goes as lines "name+ ..." and a last "name ...", joined in order.

use Globus::GRAM::Error;
use Globus::GRAM::JobState;
use Globus::GRAM::JobManager;
use Globus::Core::Config;

package Globus::GRAM::JobManager::agora;

use IO::Socket::UNIX;
use MIME::Base64 qw(encode_base64 decode_base64);
use POSIX ();

@ISA = qw(Globus::GRAM::JobManager);

my $PROTOCOL = 'AGORA-GRAM/1';
my $MAX_LINE = 4096;
# Raw bytes per field line: 3000 bytes are 4000 base64 characters, within $MAX_LINE with the name.
my $CHUNK = 3000;
# Bounds the daemon enforces too; refused here first with a message the user can act on.
my $MAX_STDIN = 1024 * 1024;
my $MAX_PROXY = 64 * 1024;
my ($socket_path, $connection);
# Bytes read from the daemon beyond the last line returned.
my $buffer = '';

BEGIN
{
    my $config = new Globus::Core::Config('${sysconfdir}/globus/globus-agora.conf');
    $socket_path = ($config && $config->get_attribute('socket')) || '/run/agora-gram-bridge/bridge.sock';
}

# A job manager started with "-extra-envvars AGORA_GRAM_BRIDGE_SOCKET" (a second bridge on one CE,
# or a test's) names the socket in the job's environment; it wins over the configuration file.
sub new
{
    my $proto = shift;
    my $self = $proto->SUPER::new(@_);
    my $socket = $self->getenv('AGORA_GRAM_BRIDGE_SOCKET');
    if (defined($socket) && $socket ne '' && $socket ne $socket_path)
    {
        $socket_path = $socket;
        undef $connection;
    }
    return $self;
}

sub submit
{
    my $self = shift;
    my $description = $self->{JobDescription};

    my $executable = $description->executable();
    if (!defined($executable) || $executable eq '')
    {
        return Globus::GRAM::Error::RSL_EXECUTABLE();
    }
    my $jobtype = $description->jobtype() || 'multiple';
    if ($jobtype ne 'single' && $jobtype ne 'multiple')
    {
        return Globus::GRAM::Error::JOBTYPE_NOT_SUPPORTED();
    }
    my $count = $description->count();
    if (defined($count) && $count !~ /^[1-9][0-9]{0,5}$/)
    {
        return Globus::GRAM::Error::INVALID_COUNT();
    }

    my @fields = (['executable', $executable]);
    foreach my $argument ($description->arguments())
    {
        push(@fields, ['argument', $argument]);
    }
    foreach my $pair ($description->environment())
    {
        next unless ref($pair) eq 'ARRAY';
        push(@fields, ['env', $pair->[0] . '=' . (defined($pair->[1]) ? $pair->[1] : '')]);
    }
    my $directory = $description->directory();
    push(@fields, ['directory', $directory]) if defined($directory) && $directory ne '';

    my $stdin = $description->stdin();
    if (defined($stdin) && $stdin ne '' && $stdin ne '/dev/null')
    {
        my $content = _slurp($stdin, $MAX_STDIN);
        if (!defined($content))
        {
            $self->respond({GT3_FAILURE_MESSAGE => "stdin $stdin: unreadable or larger than $MAX_STDIN bytes"});
            return Globus::GRAM::Error::STDIN_NOT_FOUND();
        }
        push(@fields, ['stdin', $content]);
    }

    push(@fields, ['count', $count]) if defined($count);
    _push_defined(\@fields, 'maxwalltime', scalar($description->maxwalltime()));
    _push_defined(\@fields, 'maxmemory', scalar($description->maxmemory()));
    _push_defined(\@fields, 'image', scalar($description->agoraimage()));
    _push_defined(\@fields, 'vcpus', scalar($description->agoravcpus()));
    _push_defined(\@fields, 'memory', scalar($description->agoramemory()));
    _push_defined(\@fields, 'bid', scalar($description->agorabid()));
    my $contact = $self->getenv('GLOBUS_GRAM_JOB_CONTACT') || $description->uniqid();
    _push_defined(\@fields, 'gridjobid', $contact);

    my $proxy_file = $self->getenv('X509_USER_PROXY');
    my $proxy = defined($proxy_file) ? _slurp($proxy_file, $MAX_PROXY) : undef;
    if (!defined($proxy))
    {
        return Globus::GRAM::Error::USER_PROXY_NOT_FOUND();
    }
    push(@fields, ['proxy', $proxy]);

    my ($answer, $error) = _request('SUBMIT', [], \@fields);
    if (!defined($answer))
    {
        $self->log("agora: submit refused: $error");
        $self->respond({GT3_FAILURE_MESSAGE => "agora: $error"});
        return Globus::GRAM::Error::JOB_EXECUTION_FAILED();
    }
    my $job_id = $answer->{job}[0];
    $self->log("agora: job $job_id submitted");
    $self->_start_collector($job_id);
    return { JOB_STATE => Globus::GRAM::JobState::PENDING, JOB_ID => $job_id };
}

sub poll
{
    my $self = shift;
    my $job_id = $self->{JobDescription}->jobid();

    my ($answer, $error) = _request('STATUS', [$job_id], []);
    if (!defined($answer))
    {
        # The daemon is away (restarting): no news, the job manager asks again.
        $self->log("agora: poll $job_id: $error");
        return {};
    }
    my $state = $answer->{state}[0];
    if ($state eq 'PENDING')
    {
        return { JOB_STATE => Globus::GRAM::JobState::PENDING };
    }
    if ($state eq 'ACTIVE')
    {
        return { JOB_STATE => Globus::GRAM::JobState::ACTIVE };
    }
    # Finished: deliver the result here too, for services without a SEG and for a collector lost
    # with its host. Writing the files again is harmless: they get the same bytes.
    my $finished = $self->_collect($job_id);
    return {} unless defined($finished);
    return { JOB_STATE => $finished };
}

sub cancel
{
    my $self = shift;
    my $job_id = $self->{JobDescription}->jobid();

    my ($answer, $error) = _request('CANCEL', [$job_id], []);
    if (!defined($answer))
    {
        $self->log("agora: cancel $job_id: $error");
        return Globus::GRAM::Error::JOB_CANCEL_FAILED();
    }
    return { JOB_STATE => Globus::GRAM::JobState::FAILED };
}

# A detached process of the user's that waits for the job's result, writes stdout/stderr and tells
# the daemon, which only then logs DONE: with a SEG the job manager never calls poll.
sub _start_collector
{
    my $self = shift;
    my $job_id = shift;

    my $pid = fork();
    return if !defined($pid);
    if ($pid)
    {
        waitpid($pid, 0);
        return;
    }
    # The first child exits at once; the grandchild, in a session of its own, is nobody's zombie.
    POSIX::setsid();
    my $grandchild = fork();
    POSIX::_exit(0) if !defined($grandchild) || $grandchild;
    # Its pid beside the job's other files: an admin (or a test) can find and end it.
    if (open(my $pid_file, '>', $self->job_dir() . '/agora-collector.pid'))
    {
        print $pid_file "$$\n";
        close($pid_file);
    }
    open(STDIN, '<', '/dev/null');
    open(STDOUT, '>', '/dev/null');
    open(STDERR, '>', '/dev/null');
    undef $connection;
    # Bounded: a result nobody produces within a week is not waited for any longer.
    my $deadline = time() + 7 * 24 * 3600;
    while (time() < $deadline)
    {
        my ($answer, $error) = _request('AWAIT', [$job_id], []);
        if (!defined($answer))
        {
            last if $error =~ /^unknown-job /;
            undef $connection;
            sleep(5);
            next;
        }
        my $state = $answer->{state}[0];
        if ($state eq 'DONE' || $state eq 'FAILED')
        {
            POSIX::_exit(0) if defined($self->_collect($job_id));
            undef $connection;
            sleep(5);
        }
    }
    POSIX::_exit(0);
}

# Fetches a finished job's result, writes it where the job manager expects it and acknowledges it.
# Returns the GRAM state, or undef when it could not be delivered yet.
sub _collect
{
    my $self = shift;
    my $job_id = shift;
    my $description = $self->{JobDescription};

    my ($result, $error) = _request('RESULT', [$job_id], []);
    if (!defined($result))
    {
        $self->log("agora: result of $job_id: $error");
        return undef;
    }
    my $state = $result->{state}[0];
    my $stdout = join('', @{$result->{stdout} || []});
    my $stderr = join('', @{$result->{stderr} || []});
    if ($state eq 'FAILED')
    {
        my $reason = join('', @{$result->{reason} || []});
        $stderr .= "agora: the job failed: $reason\n";
    }
    foreach my $file ($description->stdout())
    {
        return undef unless _write_file($file, $stdout);
    }
    foreach my $file ($description->stderr())
    {
        return undef unless _write_file($file, $stderr);
    }
    my ($ack, $ack_error) = _request('COLLECTED', [$job_id], []);
    if (!defined($ack))
    {
        $self->log("agora: acknowledging $job_id: $ack_error");
        return undef;
    }
    return $state eq 'DONE' ? Globus::GRAM::JobState::DONE : Globus::GRAM::JobState::FAILED;
}

sub _write_file
{
    my ($file, $content) = @_;
    return 1 if !defined($file) || $file eq '' || $file eq '/dev/null';
    # Written in place (the job manager may hold the file open to stream it), and whole before the
    # daemon is told: nothing reads it before DONE is logged.
    open(my $out, '>', $file) or return 0;
    binmode($out);
    print $out $content or return 0;
    return close($out);
}

sub _slurp
{
    my ($file, $limit) = @_;
    open(my $in, '<', $file) or return undef;
    binmode($in);
    my $content = '';
    my $read = read($in, $content, $limit + 1);
    close($in);
    return undef if !defined($read) || length($content) > $limit;
    return $content;
}

sub _push_defined
{
    my ($fields, $name, $value) = @_;
    push(@$fields, [$name, $value]) if defined($value) && $value ne '';
}

# One request over the (kept) connection. Returns (answer hash of name => [decoded values]) or
# (undef, "code message").
sub _request
{
    my ($command, $arguments, $fields) = @_;
    for my $attempt (1, 2)
    {
        my $socket = _connection();
        return (undef, 'unreachable the bridge daemon does not answer on ' . $socket_path) unless $socket;
        my $request = join(' ', $command, @$arguments) . "\n";
        foreach my $field (@$fields)
        {
            my ($name, $value) = @$field;
            my $offset = 0;
            do
            {
                my $more = $offset + $CHUNK < length($value) ? '+' : '';
                $request .= $name . $more . ' ' . encode_base64(substr($value, $offset, $CHUNK), '') . "\n";
                $offset += $CHUNK;
            } while ($offset < length($value));
        }
        $request .= "END\n";
        if (!print $socket $request)
        {
            undef $connection;
            next;
        }
        my $status = _read_line($socket);
        if (!defined($status))
        {
            # A daemon restarted since the last request: one new connection, one retry.
            undef $connection;
            next;
        }
        my (%answer, $pending);
        $pending = '';
        while (defined(my $line = _read_line($socket)))
        {
            last if $line eq 'END';
            my ($name, $value) = split(/ /, $line, 2);
            $pending .= decode_base64(defined($value) ? $value : '');
            next if $name =~ /\+$/;
            push(@{$answer{$name}}, $pending);
            $pending = '';
        }
        if ($status eq 'OK')
        {
            return (\%answer);
        }
        my (undef, $code, $message) = split(/ /, $status, 3);
        return (undef, "$code " . decode_base64(defined($message) ? $message : ''));
    }
    return (undef, 'unreachable the bridge daemon closed the connection');
}

sub _connection
{
    return $connection if $connection;
    my $socket = IO::Socket::UNIX->new(Type => IO::Socket::UNIX::SOCK_STREAM(), Peer => $socket_path)
        or return undef;
    binmode($socket);
    $socket->autoflush(1);
    $buffer = '';
    print $socket "$PROTOCOL\n";
    my $greeting = _read_line($socket);
    return undef unless defined($greeting) && $greeting eq "$PROTOCOL READY";
    $connection = $socket;
    return $connection;
}

sub _read_line
{
    my $socket = shift;
    while (1)
    {
        my $end = index($buffer, "\n");
        if ($end >= 0)
        {
            return undef if $end > $MAX_LINE;
            my $line = substr($buffer, 0, $end);
            $buffer = substr($buffer, $end + 1);
            return $line;
        }
        return undef if length($buffer) > $MAX_LINE;
        my $read = sysread($socket, $buffer, 65536, length($buffer));
        return undef unless $read;
    }
}

1;
