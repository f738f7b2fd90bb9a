import type { FirthClient, MethodInput } from '@shared/contract';
import type { TrainingEstimate } from '@shared/training-estimate';
import { describeError, FirthError, serializeError } from '@shared/errors';
import type { Project, ProjectEntry } from '@shared/project';
import type { Settings, SettingsPatch } from '@shared/settings';
import type { SystemInfo } from '@shared/system-info';
import { startProjectId } from '../runs/preferences';
import { ProjectSession } from './project-session.svelte';
import { TrainingJobs, type TrainingJob } from './training-jobs.svelte';

/** A message in the notice area: an error from a call, or what an action did (where a deleted project went). */
export interface Notice {
  id: number;
  tone: 'error' | 'info';
  text: string;
}

/** A project's row id and the name the confirmation shows, for a healthy or a broken project. */
export interface DeleteTarget {
  id: string;
  name: string;
}

/**
 * The shell's state and the actions that change it. Every service call goes through `#attempt`, so a
 * failure becomes a notice, never an uncaught rejection.
 */
export class Workbench {
  systemInfo = $state.raw<SystemInfo | null>(null);
  /** The saved settings, once the Settings page asked for them. */
  settings = $state.raw<Settings | null>(null);
  projects = $state.raw<ProjectEntry[]>([]);
  projectsLoaded = $state(false);
  /** The open project and what its views share. */
  session = $state.raw<ProjectSession | null>(null);
  notices = $state<Notice[]>([]);
  /** The host refused a call for want of the token: the page shows how to get one. */
  unauthorized = $state(false);
  connectionLost = $state(false);
  /** Training jobs started in this session, across projects. */
  readonly training: TrainingJobs;

  readonly #client: FirthClient;
  #nextNoticeId = 1;
  /** Only the newest listProjects reply is shown, so overlapping refreshes cannot go back in time. */
  #listRequest = 0;

  get openProject(): Project | null {
    return this.session?.project ?? null;
  }

  constructor(client: FirthClient) {
    this.#client = client;
    this.training = new TrainingJobs(client, (error) => this.report(error));
  }

  /** Loads what the shell shows and follows the service's events; returns the unsubscribe. */
  start(): () => void {
    const unsubscribeProjects = this.#client.on('projectsChanged', (event) => {
      if (event.reason === 'deleted' && this.openProject?.id === event.id) this.#show(null);
      void this.refreshProjects();
    });
    const unsubscribeTraining = this.training.listen();
    const unsubscribeFinished = this.training.onFinished((job) => void this.#afterTraining(job));
    const systemInfo = this.#client.getSystemInfo({});
    void this.#attempt(async () => {
      this.systemInfo = await systemInfo;
    });
    void this.#reopenLast(systemInfo, this.refreshProjects());
    return () => {
      unsubscribeProjects();
      unsubscribeTraining();
      unsubscribeFinished();
    };
  }

  async refreshProjects(): Promise<void> {
    const request = ++this.#listRequest;
    await this.#attempt(async () => {
      const { projects } = await this.#client.listProjects({});
      if (request !== this.#listRequest) return;
      this.projects = projects;
      this.projectsLoaded = true;
    });
  }

  /** Creates a project and opens it; returns the service's message when the name is refused. */
  async createProject(name: string): Promise<{ fieldError: string } | null> {
    try {
      const project = await this.#client.createProject({ name });
      this.#show(project);
      await this.refreshProjects();
      return null;
    } catch (error) {
      if (error instanceof FirthError && (error.code === 'invalid-input' || error.code === 'already-exists')) {
        return { fieldError: error.message };
      }
      this.report(error);
      return null;
    }
  }

  async open(id: string): Promise<void> {
    try {
      const project = await this.#client.openProject({ id });
      // The project already open stays as it is (its tabs keep their choices: a comparison, a
      // form half filled); choosing it again only brings its run list up to date.
      if (this.session?.project.id === project.id) {
        await this.session.refreshRuns();
        return;
      }
      this.#show(project);
    } catch (error) {
      this.report(error);
      // The folder may have gone or broken behind Firth's back: show the list as it is now.
      await this.refreshProjects();
    }
  }

  async deleteProject(target: DeleteTarget): Promise<void> {
    await this.#attempt(async () => {
      const { trashedTo } = await this.#client.deleteProject({ id: target.id });
      if (this.openProject?.id === target.id) this.#show(null);
      this.#notify('info', `Deleted “${target.name}”. Its folder is now at ${trashedTo}`);
      await this.refreshProjects();
    });
  }

  async loadSettings(): Promise<void> {
    await this.#attempt(async () => {
      this.settings = await this.#client.getSettings({});
    });
  }

  /**
   * Saves settings, then re-reads the system information so the status bar shows the backend now in
   * use; a refused value (a backend that cannot run here) comes back as the service's message.
   */
  /** The Runs form's time and memory estimate (null: none for this model or these settings); a failure is its message. */
  async estimateTraining(input: MethodInput<'estimateTraining'>): Promise<TrainingEstimate | null | { error: string }> {
    try {
      return await this.#client.estimateTraining(input);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  async saveSettings(patch: SettingsPatch): Promise<{ error: string } | null> {
    try {
      this.settings = await this.#client.setSettings(patch);
    } catch (error) {
      if (error instanceof FirthError && error.code !== 'unauthorized') return { error: error.message };
      this.report(error);
      return null;
    }
    await this.#attempt(async () => {
      this.systemInfo = await this.#client.getSystemInfo({});
    });
    return null;
  }

  /** On start: the settings are read, and the most recent project still listed opens again. */
  async #reopenLast(systemInfo: Promise<SystemInfo>, projectsLoaded: Promise<void>): Promise<void> {
    await this.#attempt(async () => {
      const settings = await this.#client.getSettings({});
      this.settings = settings;
      const [info] = await Promise.all([systemInfo, projectsLoaded]);
      // Something was opened (or created) meanwhile: that wins.
      if (this.session) return;
      const id = startProjectId(settings.recentProjects, this.projects, info.sampleCorpusFile);
      if (!id) return;
      const project = await this.#client.openProject({ id });
      // A project the user opened while this one was on its way stays open.
      if (!this.session) this.#show(project);
    });
  }

  report(error: unknown): void {
    if (error instanceof FirthError && error.code === 'unauthorized') {
      this.unauthorized = true;
      return;
    }
    this.#notify('error', describeError(serializeError(error)));
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((notice) => notice.id !== id);
  }

  #show(project: Project | null): void {
    this.session = project ? new ProjectSession(this.#client, project, (error) => this.report(error)) : null;
    this.session?.load();
  }

  /**
   * A run of this session ended: a finished one is scored at once (scores.json lands in its
   * folder), and the open project's run list catches up either way.
   */
  async #afterTraining(job: TrainingJob): Promise<void> {
    const session = this.session?.project.id === job.projectId ? this.session : null;
    if (job.status !== 'done') {
      await session?.refreshRuns();
      return;
    }
    if (session) {
      await session.evaluate(job.out, { select: true });
      return;
    }
    await this.#attempt(async () => {
      await this.#client.evaluateRun({ folder: job.out });
    });
  }

  #notify(tone: Notice['tone'], text: string): void {
    this.notices.push({ id: this.#nextNoticeId++, tone, text });
  }

  async #attempt(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.report(error);
    }
  }
}
